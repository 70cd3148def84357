"""A small dataset repository whose tasks carry genuine calibration records."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.ci.calibration import store
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.taskhash import task_hash
from tests.support.calibration_records import with_counterexample
from tests.support.datasets import DatasetRepo


def calibrate(root: Path, task_id: str, target_passes: int, reference_passes: int = 1) -> None:
    """Write a calibration record for a task as `taskgate calibrate` would: attempts under
    calibration/attempts/ (response and candidate) and a record built by the calibration store,
    under the repository's configured rule. The outcomes are given, as the runner would report."""
    repo = Repo(root)
    task = repo.task(task_id)
    rule = rec.configured_rule(repo.config)
    runs = []
    plan = [("target", "target-7b", i < target_passes) for i in range(rule["target_attempts"])]
    plan += [("reference", "sota-1", i < reference_passes) for i in range(rule["reference_attempts"])]
    counters: dict[str, int] = {}
    for role, model, passed in plan:
        attempt = counters[model] = counters.get(model, 0) + 1
        code = f"def solve(values):\n    return sum(values){'' if passed else ' + 1'}\n"
        response = {"id": f"cmpl-{attempt}", "object": "chat.completion", "model": model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": f"```python\n{code}```"}, "finish_reason": "stop"}]}
        written = store.write_attempt(task, role, model, attempt, response, code, "solution.py")
        runs.append({
            "role": role, "model": model, "sampling": {"temperature": 0.7, "top_p": 0.95, "max_tokens": 4096, "seed": None},
            "attempt": attempt, "dir": written.dir, "candidate": written.candidate, "response_sha256": written.response_sha256,
            "outcome": "pass" if passed else "fail",
            "tests": {"passed": 1 if passed else 0, "failed": 0 if passed else 1, "errors": 0, "skipped": 0}, "duration_s": 1.5,
        })
    digest, files = task_hash(task)
    # What calibration's differential test records for `sum(values) + 1`.
    runs = [with_counterexample(task.rel, digest, r, "solve([])", "0", "1") if rec.wants_counterexample(r) else r for r in runs]
    derived = rec.derive(rule, runs)
    pivot = "The target forgets that an empty list sums to zero." if derived.verdict == "in-band" else ""
    record = store.build_record(hash_value=digest, files=files, environment="sha256:" + "e" * 64, rule=rule, runs=runs, pivot=pivot)
    store.write_record(task, record)


@pytest.fixture
def calibrated(tmp_path: Path) -> DatasetRepo:
    ds = DatasetRepo(tmp_path / "ds")
    for task_id, passes in (("alpha-task", 1), ("beta-task", 3), ("gamma-task", 5)):
        ds.add_task(task_id, status="ready")
        calibrate(ds.root, task_id, passes)
    ds.add_task("delta-draft")
    return ds
