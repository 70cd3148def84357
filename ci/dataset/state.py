"""What the gate knows about each task, gathered once for export and report.

A task is *eligible* for the dataset when it passes the merge gate's static checks, is `ready`,
and carries a calibration record that is fresh (its task hash matches the content) with the
verdict `in-band`. Every other task gets the reason it was left out.

Gathering is one engine run at the merge stage with the result cache and worker processes, as
`taskgate check` does: a task unchanged since any earlier check costs an lstat of its files. Its
facts (metadata, task hash, the calibration record's summary) are a pure function of its files,
so the engine caches them beside its findings (`task_facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.ci.sandbox.runstore import RUNS_DIR, read_json
from taskgate.hooks.core import registry
from taskgate.hooks.core.engine import run, severity
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
    reasons: list[str] = field(default_factory=list)  # why the task is left out; empty when eligible
    mutation_score: float | None = None  # from the latest `taskgate gate` run of this exact content
    status: str | None = None
    category: str | None = None
    language: str | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def reason(self) -> str | None:
        """The first reason, with how many more there are (one line, for logs and manifests)."""
        if not self.reasons:
            return None
        more = f" (+{len(self.reasons) - 1} more)" if len(self.reasons) > 1 else ""
        return self.reasons[0] + more

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


def task_facts(task: Task) -> dict[str, Any]:
    """What report and export need of a task besides its findings; a pure function of its files
    (the engine caches it by content). The calibration record is kept to the fields they read."""
    digest, files = task_hash(task)
    record = _calibration(task)
    calibration = stale = None
    if record is not None:
        runs = record.get("runs")
        calibration = {
            "verdict": record.get("verdict"),
            "summary": record.get("summary"),
            "rule": record.get("rule"),
            "environment_digest": record.get("environment_digest"),
            "runs": [{"role": r.get("role"), "outcome": r.get("outcome")} for r in runs if isinstance(r, dict)] if isinstance(runs, list) else None,
        }
        recorded = record.get("task_hash")
        if isinstance(recorded, dict) and recorded.get("value") != digest:
            stale = changed_files(recorded.get("files") or {}, files) or ["(hash differs)"]
    return {"status": task.status, "category": task.category, "language": task.language, "task_hash": digest,
            "files": files, "calibration": calibration, "stale_files": stale or []}


def _reasons(state: TaskState) -> list[str]:
    errors = [f for f in state.findings if severity(f.code) == "error"]
    if errors:
        return [f"fails the merge gate: {f.code} {f.message}" for f in errors]
    if state.status != "ready":
        return [f"status is {state.status or 'unknown'}, not ready"]
    if state.calibration is None:
        return ["no readable calibration.json"]
    if state.stale_files:
        return [f"calibration is stale: changed {', '.join(state.stale_files[:5])}"]
    if state.calibration.get("verdict") != "in-band":
        return [f"calibration verdict is {state.calibration.get('verdict')!r}, not 'in-band'"]
    return []


def gather(repo: Repo, task_ids: list[str] | None = None, *, cache: bool = True) -> list[TaskState]:
    """The state of every task (or of `task_ids`), sorted by task id."""
    every = task_ids is None
    ids = sorted(repo.task_ids if task_ids is None else task_ids)
    report = run(repo, stage="merge", hooks=STATIC_HOOKS, cache=cache, tasks=ids, whole=every, repo_checks=False, facts=task_facts)
    by_task: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_task.setdefault("/".join(f.path.split("/", 2)[:2]), []).append(f)
    runs = repo.root / RUNS_DIR
    with_runs = {p.name for p in runs.iterdir()} if runs.is_dir() else set()
    states = []
    for task_id in ids:
        task = repo.task(task_id)
        facts = report.facts[task.rel]
        state = TaskState(task, facts["task_hash"], facts["files"], by_task.get(task.rel, []), facts["calibration"], facts["stale_files"],
                          status=facts["status"], category=facts["category"], language=facts["language"])
        state.reasons = _reasons(state)
        if task_id in with_runs:
            state.mutation_score = mutation_score(repo.root, task_id, state.task_hash)
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
