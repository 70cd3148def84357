"""Scoring one model response on one task: `Scorer(repo).score(task_id, response) -> Score`.

The candidate is extracted exactly as `taskgate calibrate` extracts it (the last fenced block in
the task's language, written as the ground truth's single solution file) and judged by the same
code calibration uses (`DockerSandbox.judge`: `runner.run` with the ground truth's test ids
required, a testing task's kill matrix), in warm sandboxes (ci/sandbox/warm.py). There is no
second verdict path: whatever the runner decides, the reward follows.

- pass: 1.0; fail (and a response without code): 0.0, or with `fraction` the share of the
  ground truth's tests that passed;
- hack (the runner found tampering or forged evidence): 0.0 whatever the mode, and reported;
- infra (timeout, OOM kill, engine failure, after the runner's retries): no score at all.
  `score()` returns it with `score=None`; the trainer-facing functions raise `InfraError`, so a
  broken sandbox never teaches the policy that a good answer is worth 0.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from taskgate.ci.calibration.extract import candidate_files
from taskgate.ci.calibration.store import candidate_name
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

MODES = ("binary", "fraction")
ZERO_VERDICTS = ("fail", "hack")


class InfraError(RuntimeError):
    """The sandbox could not judge the response; retry it, never score it 0."""


@dataclass(frozen=True)
class Score:
    task: str
    score: float | None  # None only for infra
    verdict: str  # pass | fail | hack | infra
    reason: str
    passed: int = 0
    total: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "verdict": self.verdict, "reason": self.reason, "tests": {"passed": self.passed, "total": self.total}}


class Scorer:
    """Thread-safe; each worker thread gets its own warm container per image."""

    def __init__(self, repo: Repo, *, base_image: str | None = None, mode: str = "binary", warm: bool = True) -> None:
        from taskgate.ci.calibration.sandbox import DockerSandbox
        from taskgate.ci.sandbox.warm import WarmPool

        if mode not in MODES:
            raise UsageError(f"reward mode {mode!r} is not one of {', '.join(MODES)}")
        self.repo = repo
        self.mode = mode
        self.pool = WarmPool() if warm else None
        self.sandbox = DockerSandbox(repo, base_image, executor=self.pool)
        self._tasks: dict[str, tuple[Task, str]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def task(self, task_id: str) -> tuple[Task, str]:
        """The task and its candidate file name; its image is built (or found) once."""
        with self._lock:
            lock = self._locks.setdefault(task_id, threading.Lock())
        with lock:
            if task_id not in self._tasks:
                if task_id not in self.repo.task_ids:
                    raise UsageError(f"no task {task_id!r} under {self.repo.root / self.repo.tasks_root}")
                task = self.repo.task(task_id)
                name = candidate_name(task)
                self.sandbox.environment(task)
                self._tasks[task_id] = (task, name)
            return self._tasks[task_id]

    def score(self, task_id: str, response: str | None) -> Score:
        from taskgate.ci.sandbox.candidate import Candidate

        task, name = self.task(task_id)
        files = candidate_files(response, task.language, name)
        if files is None:
            return Score(task_id, 0.0, "fail", "no code block in the response")
        result = self.sandbox.judge(task, Candidate("response", files))
        passed = sum(1 for t in result.tests if t.outcome == "passed")
        total = max(len(result.tests), len(result.tests) + len(result.missing))
        if result.verdict == "infra":
            return Score(task_id, None, "infra", result.reason, passed, total)
        if result.verdict == "pass":
            value = 1.0
        elif result.verdict in ZERO_VERDICTS and (self.mode == "binary" or result.verdict == "hack"):
            value = 0.0
        elif result.verdict == "fail":
            value = round(passed / total, 6) if total else 0.0
        else:  # a verdict this module does not know yet: never reward it, never hide it
            return Score(task_id, 0.0, result.verdict, result.reason, passed, total)
        return Score(task_id, value, result.verdict, result.reason, passed, total)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
