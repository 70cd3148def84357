"""A failed target attempt's minimal counterexample, recorded in its run.

The attempt's candidate and the ground truth are compared by differential testing
(ci/difftest: generated inputs, each side in its own sandboxed process, the first difference
shrunk), and the result becomes the run's counterexample fields:

- `counterexample`: `{"input", "expected", "got", "examples"}` exactly as `taskgate difftest
  --format json` prints them when the verdict is `differs`, else null;
- `counterexample_status`: differs | agrees | unsupported | error | skipped;
- `counterexample_reason`: why there is no counterexample (absent for differs);
- `counterexample_sha256`: the binding to the task hash, the attempt and its candidate
  (hooks/rules/calibration/record.py), which the calibration hook recomputes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taskgate.ci.difftest.run import Budget, Report
from taskgate.hooks.rules.calibration import record as rec

SHOWN = ("input", "expected", "got", "examples")  # the keys of difftest's JSON a counterexample keeps
SEED = 0  # the same inputs as `taskgate difftest` and the gate draw by default


def budget(settings: Mapping[str, Any]) -> Budget:
    """The difftest budget of one failed attempt (`calibration:` in taskgate.yaml)."""
    return Budget(examples=int(settings["counterexample_examples"]), seed=SEED, seconds=float(settings["counterexample_seconds"]))


def missing(status: str, reason: str) -> dict[str, Any]:
    """The counterexample fields (without the binding) of an attempt without a counterexample."""
    return {"counterexample": None, "counterexample_status": status, "counterexample_reason": (reason or "unknown")[:2000]}


def outcome(report: Report) -> dict[str, Any]:
    """The counterexample fields (without the binding) for difftest's report."""
    if report.verdict == "differs":
        shown = report.as_dict()
        return {"counterexample": {key: shown[key] for key in SHOWN}, "counterexample_status": "differs"}
    if report.verdict == "agrees":
        return missing("agrees", f"agrees with the ground truth on all {report.examples} generated inputs: what fails lies outside them "
                                 "(inputs the strategies rarely draw, behaviour other than results, or a test stricter than the prompt)")
    return missing("unsupported" if report.unsupported else "error", report.reason)


def bind(task_hash_value: str, run: dict[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """`run` with its counterexample fields replaced by `fields` and bound to the task hash."""
    out = {k: v for k, v in run.items() if k not in rec.COUNTEREXAMPLE_KEYS}
    out.update(fields)
    out["counterexample_sha256"] = rec.counterexample_binding(task_hash_value, out)
    return out
