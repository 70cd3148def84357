"""Small dataset repositories whose tasks are built by a real Docker engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

REPO_ROOT = Path(__file__).resolve().parents[3]


class BuildRepo:
    """A dataset repository with tasks that have a Dockerfile and little else."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tasks").mkdir(parents=True, exist_ok=True)

    def add(self, task_id: str, dockerfile: str, files: dict[str, str] | None = None) -> Path:
        task = self.root / "tasks" / task_id
        for rel, content in {"Dockerfile": dockerfile, "task.yaml": f"id: {task_id}\n", **(files or {})}.items():
            path = task / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return task

    def task(self, task_id: str) -> Task:
        return Repo(self.root).task(task_id)

    def taskgate(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        import os

        return subprocess.run(
            [sys.executable, "-m", "taskgate", *args], cwd=self.root, capture_output=True, text=True, timeout=600,
            env={**os.environ, **(env or {})},
        )


@pytest.fixture
def build_repo(tmp_path: Path) -> BuildRepo:
    return BuildRepo(tmp_path / "ds")


@pytest.fixture(scope="session")
def busybox(docker_images: dict[str, str]) -> str:
    return docker_images["TASKGATE_TEST_BUSYBOX_IMAGE"]
