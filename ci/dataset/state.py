"""What the gate knows about each task, gathered once for export and report.

A task is *eligible* for the dataset when it passes the merge gate's static checks, is `ready`,
and carries a calibration record that is fresh (its task hash matches the content) with the
verdict `in-band`. Every other task gets the reason it was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.ci.sandbox.runstore import RUNS_DIR, read_json
from taskgate.hooks.core import registry
from taskgate.hooks.core.engine import check_task, make_context, severity
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace.loaders import LoadError, load_json
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import changed_files, task_hash

CALIBRATION = "calibration.json"
STATIC_HOOKS = registry.STATIC_HOOKS


@dataclass
class TaskState:
    task: Task
    task_hash: str
    file_hashes: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    calibration: dict[str, Any] | None = None
    stale_files: list[str] = field(default_factory=list)
    reason: str | None = None  # why the task is left out; None when eligible
    mutation_score: float | None = None  # from the latest `taskgate gate` run of this exact content

    @property
    def eligible(self) -> bool:
        return self.reason is None

    @property
    def verdict(self) -> str | None:
        cal = self.calibration or {}
        if cal and self.stale_files:
            return "stale"
        value = cal.get("verdict")
        return value if isinstance(value, str) else None

    def pass_rate(self, role: str) -> float | None:
        """Passes over counted attempts for one role, from the record's raw runs."""
        runs = (self.calibration or {}).get("runs")
        if not isinstance(runs, list):
            return None
        counted = [r for r in runs if isinstance(r, dict) and r.get("role") == role and r.get("outcome") in ("pass", "fail")]
        if not counted:
            return None
        return sum(r["outcome"] == "pass" for r in counted) / len(counted)


def _calibration(task: Task) -> dict[str, Any] | None:
    if CALIBRATION not in task.entries:
        return None
    text = task.text(CALIBRATION)
    if isinstance(text, LoadError):
        return None
    loaded = load_json(text)
    return loaded.data if loaded.ok and isinstance(loaded.data, dict) else None


def _reason(state: TaskState) -> str | None:
    errors = [f for f in state.findings if severity(f.code) == "error"]
    if errors:
        first = errors[0]
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"fails the merge gate: {first.code} {first.message}{more}"
    if state.task.status != "ready":
        return f"status is {state.task.status or 'unknown'}, not ready"
    if state.calibration is None:
        return "no readable calibration.json"
    if state.stale_files:
        return f"calibration is stale: changed {', '.join(state.stale_files[:5])}"
    if state.calibration.get("verdict") != "in-band":
        return f"calibration verdict is {state.calibration.get('verdict')!r}, not 'in-band'"
    return None


def gather(repo: Repo, task_ids: list[str] | None = None) -> list[TaskState]:
    """The state of every task (or of `task_ids`), sorted by task id."""
    ctx = make_context(repo, "merge")
    states = []
    for task_id in sorted(task_ids if task_ids is not None else repo.task_ids):
        task = repo.task(task_id)
        digest, files = task_hash(task)
        state = TaskState(task, digest, files)
        state.findings = check_task(task, ctx, STATIC_HOOKS)
        state.calibration = _calibration(task)
        recorded = (state.calibration or {}).get("task_hash")
        if isinstance(recorded, dict) and recorded.get("value") != digest:
            state.stale_files = changed_files(recorded.get("files") or {}, files) or ["(hash differs)"]
        state.reason = _reason(state)
        state.mutation_score = mutation_score(repo.root, task_id, digest)
        states.append(state)
    return states


def mutation_score(root: Path, task_id: str, digest: str) -> float | None:
    """The mutation score of a `taskgate gate` result for this task's current content, if any.

    Gate results live in `.taskgate/runs/<id>/gate-*.json`; the image tag they record ends in the
    first 16 hex digits of the task hash, which binds a result to the content it judged.
    """
    directory = root / RUNS_DIR / task_id
    if not directory.is_dir():
        return None
    for path in sorted(directory.glob("gate-*.json")):
        record = read_json(path)
        if not record or not str(record.get("tag", "")).endswith(":" + digest[:16]):
            continue
        score = (record.get("mutation") or {}).get("score")
        if isinstance(score, (int, float)):
            return float(score)
    return None
