"""A small dataset repository (the example dataset, as drafts) with a private result cache."""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from taskgate.hooks.core.engine import Report, run
from taskgate.hooks.workspace.repo import Repo

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "dataset"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(path))
    return path


@pytest.fixture
def dataset(tmp_path: Path, cache_dir: Path) -> Path:
    """The example dataset with every task a draft (so it is clean at stage commit), committed."""
    root = tmp_path / "dataset"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    for task_yaml in root.glob("tasks/*/task.yaml"):
        task_yaml.write_text(task_yaml.read_text().replace("status: ready", "status: draft"))
    # These tests add their own waivers and move the date by years: the example's dated waiver
    # (a gate rule, which no static check reports anyway) would expire under them.
    config = root / "taskgate.yaml"
    config.write_text(config.read_text().split("\nwaivers:\n", 1)[0] + "\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "dataset")
    return root


Check = Callable[..., Report]


@pytest.fixture
def check(dataset: Path) -> Check:
    """Run the checks on `dataset` (a fresh Repo each time, as a new process would)."""

    def go(*, cache: bool = True, today: _dt.date | None = None, jobs: int = 1, paths: tuple[Path, ...] = ()) -> Report:
        return run(Repo(dataset), paths, cache=cache, today=today, jobs=jobs)

    return go
