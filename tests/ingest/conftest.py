"""A small dataset repository whose tasks carry genuine calibration records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from taskgate import __version__
from taskgate.hooks.repo import Repo
from taskgate.hooks.taskhash import task_hash
from tests.foundation.conftest import DatasetRepo


def _run(role: str, model: str, attempt: int, outcome: str, task_dir: Path) -> dict:
    rel = f"calibration/attempts/{role}-{model}-{attempt}/solution.py"
    body = f"def solve(values):\n    return sum(values){' + 1' if outcome == 'fail' else ''}\n"
    path = task_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    response = f"```python\n{body}```"
    return {
        "role": role,
        "model": model,
        "sampling": {"temperature": 0.7, "top_p": 0.95, "max_tokens": 4096, "seed": None},
        "attempt": attempt,
        "candidate": {"path": rel, "sha256": hashlib.sha256(body.encode()).hexdigest()},
        "response_sha256": hashlib.sha256(response.encode()).hexdigest(),
        "outcome": outcome,
        "tests": {"passed": 1 if outcome == "pass" else 0, "failed": 0 if outcome == "pass" else 1, "errors": 0, "skipped": 0},
        "duration_s": 1.5,
    }


def calibrate(root: Path, task_id: str, target_passes: int, reference_passes: int = 1) -> None:
    """Write a calibration record for a task as `taskgate calibrate` would."""
    task_dir = root / "tasks" / task_id
    runs = [_run("target", "target-7b", i + 1, "pass" if i < target_passes else "fail", task_dir) for i in range(5)]
    runs += [_run("reference", "sota-1", i + 1, "pass" if i < reference_passes else "fail", task_dir) for i in range(1)]
    n_target_pass = target_passes
    if reference_passes < 1:
        verdict = "too-cold"
    elif 5 - n_target_pass < 2:
        verdict = "too-easy"
    else:
        verdict = "in-band"
    digest, files = task_hash(Repo(root).task(task_id))
    record = {
        "schema_version": 1,
        "toolchain_version": __version__,
        "task_hash": {"algorithm": "sha256", "value": digest, "files": files},
        "environment_digest": "sha256:" + "e" * 64,
        "rule": {"target_attempts": 5, "min_target_failures": 2, "reference_attempts": 1, "min_reference_passes": 1},
        "runs": runs,
        "summary": {
            "sota-1": {"role": "reference", "n": 1, "n_pass": min(reference_passes, 1)},
            "target-7b": {"role": "target", "n": 5, "n_pass": n_target_pass},
        },
        "verdict": verdict,
        "reasoning_pivot": "The target forgets that an empty list sums to zero." if verdict == "in-band" else "",
    }
    (task_dir / "calibration.json").write_text(json.dumps(record, indent=2) + "\n")


@pytest.fixture
def calibrated(tmp_path: Path) -> DatasetRepo:
    ds = DatasetRepo(tmp_path / "ds")
    for task_id, passes in (("alpha-task", 1), ("beta-task", 3), ("gamma-task", 5)):
        ds.add_task(task_id, status="ready")
        calibrate(ds.root, task_id, passes)
    ds.add_task("delta-draft")
    return ds
