"""A dataset repository: its root, configuration and tasks, and which tasks a path names."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from taskgate.hooks.workspace.config import CONFIG_NAME, Config, load_config

DEFAULT_TASKS_ROOT = "tasks"
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace import listing
from taskgate.hooks.workspace.listing import list_tasks
from taskgate.hooks.workspace.task import Task


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding taskgate.yaml or .git; failing that,
    the parent of the nearest directory named like the default tasks root; failing that, `start`.

    A symlink is an entry of the directory that holds it: where it points never moves the root
    (`tests/passwd -> /etc/passwd` belongs to its task, not to /etc).
    """
    if start.is_symlink():
        here = start.absolute().parent.resolve()
    else:
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
        self._some: dict[str, list[str]] = {}  # listings of single task directories, by task id
        # The commit a change is judged against: a task missing from it is new in this change
        # (`taskgate check --base`; pre-commit: HEAD, the commit being made is not there yet).
        self.base = "HEAD"
        self._at_base: dict[str, bool | None] = {}
        self._base_state: tuple[str, str | None] | None = None

    @classmethod
    def discover(cls, start: Path | None = None) -> Repo:
        return cls(find_root(start or Path.cwd()))

    @classmethod
    def for_tasks(cls, paths: list[Path], repo_arg: Path | None) -> tuple[Repo, list[str]]:
        """The repository (`--repo`, else found from the first path) and the task ids `paths`
        name (a directory above the tasks: all of them); a UsageError when they name none."""
        if repo_arg is not None and not repo_arg.is_dir():
            raise UsageError(f"{repo_arg}: not a directory")
        repo = cls.discover(repo_arg or (paths[0] if paths else Path.cwd()))
        ids = repo.select(paths)
        if not ids:
            from taskgate.hooks.workspace.selection import no_tasks  # it needs Repo

            raise no_tasks(repo, paths)
        return repo, ids

    @property
    def tasks_root(self) -> str:
        return self.config.tasks_root

    # Naming at most this many tasks, a run lists only their directories (pre-commit hook runs);
    # beyond, listing everything once is cheaper.
    PARTIAL_LISTING_UP_TO = 2000

    @cached_property
    def _files_by_task(self) -> dict[str, list[str]]:
        """Task id -> its files (relative to the task directory)."""
        return list_tasks(self.root, self.tasks_root)

    def _listed(self, task_ids: set[str]) -> dict[str, list[str]]:
        """The listing of at least `task_ids`: only their directories when they are few."""
        if "_files_by_task" in self.__dict__ or len(task_ids) > self.PARTIAL_LISTING_UP_TO:
            return self._files_by_task
        missing = sorted(t for t in task_ids if t not in self._some)
        if missing:
            self._some.update(list_tasks(self.root, self.tasks_root, missing))
        return self._some

    @cached_property
    def task_ids(self) -> list[str]:
        return sorted(self._files_by_task)

    def files_of(self, task_id: str) -> list[str]:
        """The files of a task as listed (relative to its directory; some may since be deleted)."""
        files = self._some.get(task_id) if "_files_by_task" not in self.__dict__ else None
        return files if files is not None else self._files_by_task.get(task_id, [])

    def know_files(self, task_id: str, files: list[str]) -> None:
        """Take a task's file listing from whoever already made it (a worker's parent)."""
        if "_files_by_task" not in self.__dict__:
            self._some.setdefault(task_id, files)

    def task(self, task_id: str) -> Task:
        return Task(self.root, f"{self.tasks_root}/{task_id}", self.files_of(task_id), int(self.config["max_file_size"]))

    def at_base(self, task_ids: list[str]) -> dict[str, bool | None]:
        """Whether each task exists in the base commit (None: unknown, e.g. no git or no commit)."""
        missing = sorted({t for t in task_ids if t not in self._at_base})
        if missing:
            # A few tasks by name; many by listing the base's tasks root (one tree either way).
            specs = [f"{self.tasks_root}/{t}" for t in missing] if len(missing) <= 64 else [f"{self.tasks_root}/"]
            found = listing.present_at(self.root, self.base, specs)
            for task_id in missing:
                self._at_base[task_id] = None if found is None else f"{self.tasks_root}/{task_id}" in found
        return {t: self._at_base[t] for t in task_ids}

    def base_state(self) -> str | None:
        """What decides `at_base` for every task: the base commit's tasks-root tree ("" when it
        has none; None without git or without that commit)."""
        if self._base_state is None or self._base_state[0] != self.base:
            self._base_state = (self.base, listing.entry_at(self.root, self.base, self.tasks_root))
        return self._base_state[1]

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
        named, everything = self._named(paths)
        if everything:
            return self.task_ids
        listed = self._listed(named)
        return sorted(t for t in named if t in listed)

    def selects_everything(self, paths: list[Path]) -> bool:
        """Whether `paths` select every task (see `select`)."""
        return self._named(paths)[1]

    def _named(self, paths: list[Path]) -> tuple[set[str], bool]:
        if not paths:
            return set(), True
        named: set[str] = set()
        everything = False
        prefix = self.tasks_root + "/"
        for path in paths:
            rel = self.rel(path)
            if rel is None:
                raise UsageError(f"{path}: outside the repository at {self.root}")
            if not os.path.lexists(path) and rel != CONFIG_NAME:
                raise UsageError(f"{path}: no such file or directory")
            if rel == CONFIG_NAME or rel == "." or prefix.startswith(rel.rstrip("/") + "/"):
                everything = True
            elif rel.startswith(prefix):
                named.add(rel[len(prefix):].split("/", 1)[0])
        return named, everything
