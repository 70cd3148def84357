"""Tiny task repositories for the runner and gate tests, built FROM the CI python image."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from taskgate.ci.sandbox.runner import Setup, prepare
from taskgate.ci.sandbox.container import Limits, execute
from taskgate.ci.sandbox.warm import WarmPool
from taskgate.ci.images.taskimage import image_for
from taskgate.hooks.workspace.config import load_config
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "dataset"

TASK_YAML = """\
schema_version: 1
id: {id}
title: A fixture task
category: {category}
language: {language}
status: draft
signature: "def add(a: int, b: int) -> int:"
constraints:
  time: O(1)
  space: O(1)
edge_cases:
  - negative numbers
test_command: {command}
timeout_seconds: {timeout}
authors:
  - taskgate tests
"""

PYTEST = '["python3", "-m", "pytest", "-q", "tests"]'

ADD = "def add(a, b):\n    return a + b\n"
ADD_TESTS = textwrap.dedent("""\
    from add import add


    def test_small():
        assert add(1, 2) == 3


    def test_zero():
        assert add(0, 0) == 0


    def test_negative():
        assert add(-2, -3) == -5


    def test_mixed():
        assert add(-2, 5) == 3


    def test_large():
        assert add(10**12, 1) == 10**12 + 1
""")


class FixtureRepo:
    def __init__(self, root: Path, image: str) -> None:
        self.root = root
        self.image = image
        (root / "tasks").mkdir(parents=True, exist_ok=True)

    def task(
        self,
        task_id: str,
        *,
        solution: dict[str, str] | None = None,
        tests: dict[str, str] | None = None,
        subject: dict[str, str] | None = None,
        mutants: dict[str, str] | None = None,
        category: str = "algorithms",
        language: str = "python",
        command: str = PYTEST,
        timeout: int = 30,
        base: str | None = None,
        pythonpath: str = "/task/solution",
        env: str = "",
    ) -> Task:
        top = self.root / "tasks" / task_id
        files = {
            "task.yaml": TASK_YAML.format(id=task_id, category=category, language=language, command=command, timeout=timeout),
            "prompt.md": "Implement `def add(a: int, b: int) -> int:` in O(1) time and O(1) space.\n",
            "Dockerfile": f"FROM {base or self.image}\nENV PYTHONPATH={pythonpath} PYTHONDONTWRITEBYTECODE=1{' ' + env if env else ''}\nWORKDIR /task\n",
        }
        files.update({f"solution/{k}": v for k, v in (solution if solution is not None else {"add.py": ADD}).items()})
        files.update({f"tests/{k}": v for k, v in (tests if tests is not None else ({} if category == "testing" else {"test_add.py": ADD_TESTS})).items()})
        files.update({f"subject/{k}": v for k, v in (subject or {}).items()})
        files.update({f"meta/mutants/{k}": v for k, v in (mutants or {}).items()})
        for rel, text in files.items():
            path = top / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return Repo(self.root).task(task_id)

    def write_config(self, text: str) -> None:
        (self.root / "taskgate.yaml").write_text(text)


@pytest.fixture
def fixture_repo(tmp_path, python_image) -> FixtureRepo:
    return FixtureRepo(tmp_path / "repo", python_image)


def setup_for(task: Task, client, *, limits: Limits | None = None, retries: int = 0, timeout: float | None = None, executor=execute) -> Setup:
    setup = prepare(task, client, image_for(task, client, task.repo_root, load_config(task.repo_root)), limits=limits or Limits(), retries=retries, executor=executor)
    return dataclasses.replace(setup, timeout=timeout) if timeout else setup


SANDBOXES = ("fresh", "warm")  # a fresh container per run (the gate's), or warm ones (the reward's)


@contextlib.contextmanager
def sandbox(kind: str):
    """The executor for `kind` in SANDBOXES; a warm pool's containers are removed afterwards."""
    if kind == "fresh":
        yield execute
        return
    pool = WarmPool()
    try:
        yield pool
    finally:
        pool.close()


def copy_examples(target: Path, image: str) -> Path:
    """The example dataset with each Dockerfile's FROM pointing at the CI base image (which has
    pytest 8.3.3 in a local wheelhouse, so the examples' `pip install` works offline)."""
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".taskgate"))
    for dockerfile in (target / "tasks").glob("*/Dockerfile"):
        text = dockerfile.read_text()
        dockerfile.write_text(re.sub(r"(?m)^FROM \S+", f"FROM {image}", text, count=1))
    return target
