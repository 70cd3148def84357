"""A dataset repository: its root, configuration and tasks, and which tasks a path names."""

from __future__ import annotations

import os
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from taskgate.hooks.config import CONFIG_NAME, Config, load_config

DEFAULT_TASKS_ROOT = "tasks"
from taskgate.hooks.files import git_files, walk_files
from taskgate.hooks.task import Task


class UsageError(Exception):
    """Bad input from the user: reported as one line with exit code 2."""


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding taskgate.yaml or .git; failing that,
    the parent of the nearest directory named like the default tasks root; failing that, `start`."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for directory in (here, *here.parents):
        if (directory / CONFIG_NAME).exists() or (directory / ".git").exists():
            return directory
    for directory in (here, *here.parents):
        if directory.name == DEFAULT_TASKS_ROOT and directory.parent != directory:
            return directory.parent
    return here


class Repo:
    def __init__(self, root: Path, config: Config | None = None) -> None:
        self.root = root.resolve()
        self.config = config if config is not None else load_config(self.root)

    @classmethod
    def discover(cls, start: Path | None = None) -> Repo:
        return cls(find_root(start or Path.cwd()))

    @property
    def tasks_root(self) -> str:
        return self.config.tasks_root

    @cached_property
    def _files_by_task(self) -> dict[str, list[str]]:
        """Task id -> its files (relative to the task directory)."""
        base = self.root / self.tasks_root
        listed = git_files(self.root, self.tasks_root)
        if listed is None:
            listed = [f"{self.tasks_root}/{p}" for p in walk_files(base)] if base.is_dir() else []
        prefix = self.tasks_root + "/"
        by_task: dict[str, list[str]] = defaultdict(list)
        for path in listed:
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix):]
            task_id, sep, inner = rest.partition("/")
            if task_id.startswith("."):
                continue
            if sep:
                by_task[task_id].append(inner)
            elif (base / task_id).is_symlink():
                by_task.setdefault(task_id, [])  # a symlinked task directory: layout reports it
        return dict(by_task)

    @cached_property
    def task_ids(self) -> list[str]:
        return sorted(self._files_by_task)

    def task(self, task_id: str) -> Task:
        return Task(
            self.root,
            f"{self.tasks_root}/{task_id}",
            self._files_by_task.get(task_id, []),
            int(self.config["max_file_size"]),
        )

    def rel(self, path: Path) -> str | None:
        """`path` relative to the root, POSIX; None when outside the repository."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def select(self, paths: list[Path]) -> list[str]:
        """Task ids named by `paths` (files or directories).

        No paths means everything. A path above the tasks root, or the config file itself,
        selects every task: a configuration change can change any task's result.
        """
        if not paths:
            return self.task_ids
        selected: set[str] = set()
        prefix = self.tasks_root + "/"
        for path in paths:
            rel = self.rel(path)
            if rel is None:
                raise UsageError(f"{path}: outside the repository at {self.root}")
            if not os.path.lexists(path) and rel != CONFIG_NAME:
                raise UsageError(f"{path}: no such file or directory")
            if rel == CONFIG_NAME or rel == "." or prefix.startswith(rel.rstrip("/") + "/"):
                selected.update(self.task_ids)
            elif rel.startswith(prefix):
                task_id = rel[len(prefix):].split("/", 1)[0]
                if task_id in self._files_by_task:
                    selected.add(task_id)
        return sorted(selected)
