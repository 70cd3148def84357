"""What a failed attempt's difftest report becomes in its run (ci/calibration/counterexample.py)."""

from __future__ import annotations

import json

from taskgate.ci.calibration import counterexample as cex
from taskgate.ci.difftest.run import Report
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.rules.calibration.hook import record_schema
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.schema import validate

HASH = "ab" * 32
RUN = {"role": "target", "model": "m", "attempt": 1, "dir": "calibration/attempts/target-m-1",
       "candidate": {"path": "calibration/attempts/target-m-1/solution/a.py", "sha256": "cd" * 32}, "outcome": "fail"}


def bound(report: Report) -> dict:
    return cex.bind(HASH, dict(RUN), cex.outcome(report))


def run_schema() -> dict:
    return record_schema()["properties"]["runs"]["items"]


def test_a_difference_keeps_difftests_json_fields_exactly():
    report = Report("tasks/t", "c", "differs", 100, "f([0, -1])", "[-1]", "raises builtins.IndexError")
    run = bound(report)
    shown = json.loads(json.dumps(report.as_dict(), sort_keys=True))
    assert run["counterexample"] == {k: shown[k] for k in ("input", "expected", "got", "examples")}
    assert run["counterexample_status"] == "differs" and "counterexample_reason" not in run
    assert rec.counterexample_bound(HASH, run) and not rec.counterexample_bound("00" * 32, run)


def test_no_difference_says_why():
    agrees = bound(Report("tasks/t", "c", "agrees", 80))
    assert agrees["counterexample"] is None and agrees["counterexample_status"] == "agrees"
    assert "all 80 generated inputs" in agrees["counterexample_reason"]
    unsupported = bound(Report("tasks/t", "c", "error", 0, reason="javascript is not covered", unsupported=True))
    assert unsupported["counterexample_status"] == "unsupported" and unsupported["counterexample_reason"] == "javascript is not covered"
    failed = bound(Report("tasks/t", "c", "error", 100, reason="not compared: the difftest budget ran out"))
    assert failed["counterexample_status"] == "error" and "budget ran out" in failed["counterexample_reason"]


def test_every_status_the_tool_writes_follows_the_schema():
    runs = [
        bound(Report("tasks/t", "c", "differs", 3, "f(1)", "1", "2")),
        bound(Report("tasks/t", "c", "agrees", 3)),
        bound(Report("tasks/t", "c", "error", 0, reason="x", unsupported=True)),
        bound(Report("tasks/t", "c", "error", 0, reason="")),
        cex.bind(HASH, dict(RUN), cex.missing("skipped", "counterexample_examples is 0")),
    ]
    schema = run_schema()
    for run in runs:
        run.update(sampling={"temperature": 1.0, "top_p": 1.0, "max_tokens": 1, "seed": None}, response_sha256="ef" * 32,
                   tests={"passed": 0, "failed": 1, "errors": 0, "skipped": 0}, duration_s=0.1)
        assert validate(run, schema) == [], run
    assert {r["counterexample_status"] for r in runs} == set(rec.COUNTEREXAMPLE_STATUSES)


def test_rebinding_replaces_old_fields():
    first = bound(Report("tasks/t", "c", "differs", 3, "f(1)", "1", "2"))
    again = cex.bind(HASH, first, cex.outcome(Report("tasks/t", "c", "agrees", 3)))
    assert again["counterexample"] is None and rec.counterexample_bound(HASH, again)


def test_budget_defaults_come_from_the_config_schema():
    budget = cex.budget(rec.settings(Config()))
    assert (budget.examples, budget.seconds, budget.seed) == (100, 30.0, 0)
    custom = cex.budget(rec.settings(Config({"calibration": {"counterexample_examples": 20, "counterexample_seconds": 5}})))
    assert (custom.examples, custom.seconds) == (20, 5.0)
