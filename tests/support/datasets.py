"""Builders for small dataset repositories used by the foundation tests."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from taskgate.hooks.core.engine import run
from taskgate.hooks.core.registry import STATIC_HOOKS
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace.repo import Repo

TASK_YAML = """\
schema_version: 1
id: {id}
title: Sum of a list
category: {category}
language: python
status: {status}
signature: "def solve(values: list[int]) -> int:"
constraints:
  time: O(n)
  space: O(1)
edge_cases:
  - empty list
test_command: ["python3", "-m", "pytest", "-q", "tests"]
timeout_seconds: 60
authors:
  - ada
"""

PROMPT = """\
# Sum

Implement `def solve(values: list[int]) -> int:` returning the sum.
Run in O(n) time and O(1) extra space. An empty list sums to 0.
"""

DOCKERFILE = "FROM python:3.12-slim@sha256:" + "a" * 64 + "\nWORKDIR /task\n"


def task_files(task_id: str = "sum-list", category: str = "algorithms", status: str = "draft") -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "task.yaml": TASK_YAML.format(id=task_id, category=category, status=status),
        "prompt.md": PROMPT,
        "Dockerfile": DOCKERFILE,
        "solution/solution.py": "def solve(values: list[int]) -> int:\n    return sum(values)\n",
    }
    if category == "testing":
        files["subject/mod.py"] = "def solve(values):\n    return sum(values)\n"
        for i in range(3):
            files[f"meta/mutants/{i}.patch"] = f"--- a/subject/mod.py\n+++ b/subject/mod.py\n@@ -1,2 +1,2 @@\n def solve(values):\n-    return sum(values)\n+    return sum(values) + {i + 1}\n"
    else:
        files["tests/test_solution.py"] = "from solution import solve\n\n\ndef test_empty():\n    assert solve([]) == 0\n"
    if status == "ready":
        files["calibration.json"] = json.dumps({})
    return files


class DatasetRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tasks").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def add_task(self, task_id: str = "sum-list", **kwargs: str) -> Path:
        for rel, content in task_files(task_id, **kwargs).items():
            self.write(f"tasks/{task_id}/{rel}", content)
        return self.root / "tasks" / task_id

    def check(self, *paths: str, stage: str = "commit", hooks: tuple[str, ...] | None = None, today: _dt.date | None = None) -> list[Finding]:
        repo = Repo(self.root)
        # Tasks made from one template are near-duplicates by construction: the integrity hook
        # (tests/hooks/rules/integrity) is left out unless asked for.
        hooks = hooks or tuple(h for h in STATIC_HOOKS if h != "integrity")
        return run(repo, [self.root / p for p in paths], stage=stage, today=today, hooks=hooks).findings

    def codes(self, *paths: str, **kwargs) -> list[str]:
        return [f.code for f in self.check(*paths, **kwargs)]


@pytest.fixture
def dataset(tmp_path: Path) -> DatasetRepo:
    return DatasetRepo(tmp_path / "ds")


@pytest.fixture
def foundation_hooks() -> tuple[str, ...]:
    """The hooks of this issue: later families (determinism, dockerfile...) have their own tests."""
    return ("config", "layout", "metadata", "prompt")


Builder = Callable[..., Path]
