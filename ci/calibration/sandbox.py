"""The sandbox calibration runs candidates in: the runner of `taskgate test` (ci/sandbox/runner.py).

`environment(task)` builds the task's image once and prepares the runner; its digest is the
environment digest the record carries. `run(task, dir)` reads the candidate directory (the
attempt's solution/) and judges it as `taskgate test --candidate DIR` does: each test the ground
truth ran must run and pass; for a `testing` task the candidate is a test suite that must pass on
subject/ and fail on every meta/mutants/*.patch (the runner's kill matrix). `duration_s` is the
wall-clock time of that whole judgement. `counterexample(task, dir, budget)` compares the
candidate with the ground truth by differential testing (ci/difftest) in the same environment.
Limits and infra retries come from the `gate:` section
of taskgate.yaml.

`base_image` (`--base-image IMAGE`) builds the environment from a copy of the task whose
Dockerfile's single FROM names IMAGE instead: for CI machines that cannot pull the Dockerfile's
base (this repository's own CI calibrates its examples that way). The record then carries
`base_image_override`, so its environment digest is never mistaken for the Dockerfile's own.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from taskgate.ci.calibration.calibrate import ZERO_TESTS, AttemptRun
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import hashed_files

OUTCOMES = {"pass": "pass", "fail": "fail", "hack": "fail", "infra": "infra_error"}  # tampering is a failure
COUNT_KEYS = {"passed": "passed", "failed": "failed", "error": "errors", "skipped": "skipped"}
FROM_LINE = re.compile(r"^(\s*FROM\s+(?:--platform=\S+\s+)?)(\S+)", re.MULTILINE | re.IGNORECASE)


def substituted_copy(task: Task, base_image: str, scratch: Path) -> Task:
    """A copy of the task's hashed files under `scratch` whose Dockerfile is FROM `base_image`."""
    text = task.text("Dockerfile")
    if not isinstance(text, str):
        raise UsageError(f"{task.path('Dockerfile')}: {text.message}")
    rewritten, count = FROM_LINE.subn(lambda m: m.group(1) + base_image, text)
    if count != 1:
        raise UsageError(f"{task.path('Dockerfile')}: --base-image needs a Dockerfile with exactly one FROM (found {count})")
    root = scratch / "repo"
    hashed = hashed_files(task)
    for rel in hashed:
        entry = task.entries[rel]
        if entry.is_regular or entry.is_symlink:
            target = root / task.rel / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(task.dir / rel, target)
    (root / task.rel / "Dockerfile").write_text(rewritten, encoding="utf-8")
    return Task(root, task.rel, hashed, task.max_file_size)


class DockerSandbox:
    def __init__(self, repo: Repo, base_image: str | None = None, executor: Any = None) -> None:
        self.repo = repo
        self.base_image = base_image
        self.executor = executor  # None: a fresh container per run; the reward passes a warm pool
        self._client: Any = None
        self._setups: dict[str, Any] = {}
        self._expected: dict[str, list[str] | None] = {}
        self._lock = threading.Lock()
        self._gt_lock = threading.Lock()

    def _connect(self) -> Any:
        from taskgate.ci.images.docker_engine import connect

        with self._lock:
            if self._client is None:
                self._client = connect()
            return self._client

    def _settings(self) -> Any:
        from taskgate.ci.gate.gate import GateSettings

        return GateSettings.from_config(self.repo.config.section("gate"))

    def environment(self, task: Task) -> str | None:
        from taskgate.ci.images.taskimage import image_for
        from taskgate.ci.sandbox.runner import prepare

        client = self._connect()
        settings = self._settings()
        if self.base_image:
            # Built (and its build record written) in the scratch copy, so the repository's own
            # build record keeps describing the Dockerfile as committed.
            with tempfile.TemporaryDirectory(prefix="taskgate-base-") as scratch:
                copy = substituted_copy(task, self.base_image, Path(scratch))
                image = image_for(copy, client, copy.repo_root, self.repo.config)
        else:
            image = image_for(task, client, self.repo.root, self.repo.config)
        extra = {"executor": self.executor} if self.executor is not None else {}
        setup = prepare(task, client, image, limits=settings.limits, retries=settings.retries, **extra)
        with self._lock:
            self._setups[task.rel] = setup
        return str(setup.image.environment_digest)

    def _expected_tests(self, task: Task, setup: Any) -> list[str] | None:
        from taskgate.ci.sandbox.testjob import expected_tests

        with self._gt_lock:  # one ground-truth run per task, however many attempts ask at once
            if task.rel not in self._expected:
                self._expected[task.rel] = expected_tests(self.repo.root, setup)
            return self._expected[task.rel]

    def _setup(self, task: Task) -> Any:
        if task.rel not in self._setups:
            self.environment(task)
        return self._setups[task.rel]

    def judge(self, task: Task, candidate: Any) -> Any:
        """The runner's verdict (`runner.RunResult`) on `candidate`, as `taskgate test --candidate`
        gives it: calibration and the training reward both come here."""
        from taskgate.ci.sandbox.runner import run
        from taskgate.ci.sandbox.testjob import judge_suite

        setup = self._setup(task)
        expected = None if setup.candidate_is_tests else self._expected_tests(task, setup)
        result = run(setup, candidate, expected=expected, scan=True)
        if setup.candidate_is_tests and result.passed:
            judge_suite(setup, candidate, result)  # `taskgate test`'s own judgement of a suite
        return result

    def run(self, task: Task, candidate_dir: str) -> AttemptRun:
        from taskgate.ci.sandbox import candidate as cand

        candidate = cand.read_dir(task.dir / candidate_dir, label=candidate_dir)
        started = time.monotonic()
        result = self.judge(task, candidate)
        return _convert(result, time.monotonic() - started)

    def counterexample(self, task: Task, candidate_dir: str, budget: Any) -> Any:
        """`taskgate difftest`'s report on the candidate directory: the ground truth and the
        candidate on generated inputs, each in its own sandboxed container."""
        from taskgate.ci.difftest.run import compare
        from taskgate.ci.sandbox import candidate as cand

        return compare(self._setup(task), cand.read_dir(task.dir / candidate_dir, label=candidate_dir), budget)


def _convert(result: Any, seconds: float) -> AttemptRun:
    tests = dict(ZERO_TESTS)
    for test in result.tests:
        key = COUNT_KEYS.get(test.outcome)
        if key:
            tests[key] += 1
    tampering = ("; ".join(result.evidence) or result.reason) if result.verdict == "hack" else ""
    return AttemptRun(OUTCOMES.get(result.verdict, "infra_error"), tests, seconds, result.reason, tampering)
