"""When a command selects no task: the error, and when zero tasks is what was asked for.

Checking zero tasks must never look like success: a typo in `tasks_root`, or a run outside the
dataset repository, would otherwise pass a CI gate that checked nothing. The error says where
taskgate looked (the repository root and how it was found, the tasks root and where that came
from) and what to do, and points at task directories it saw elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.config import CONFIG_NAME, defaults
from taskgate.hooks.workspace.repo import Repo

TASK_FILE = "task.yaml"
# Looking for misplaced tasks goes this many directory levels below the root, and no further.
_SEARCH_DEPTH = 3
_SHOWN = 3


def _root_reason(root: Path) -> str:
    if (root / CONFIG_NAME).exists():
        return f"it holds {CONFIG_NAME}"
    if (root / ".git").exists():
        return f"it holds .git (no {CONFIG_NAME}, so every setting is the default)"
    return f"no {CONFIG_NAME} or .git was found at or above it"


def _tasks_root_source(repo: Repo) -> str:
    if repo.tasks_root != defaults()["tasks_root"].strip("/"):
        return f"from {repo.root / CONFIG_NAME}"
    return "the default"


def _tasks_root_state(directory: Path) -> str:
    if not directory.exists():
        return "does not exist"
    if not directory.is_dir():
        return "is not a directory"
    return "holds no task directory" if any(directory.iterdir()) else "is empty"


def misplaced_tasks(repo: Repo) -> list[str]:
    """Directories near the root that hold a task.yaml but lie outside the tasks root."""
    found: list[str] = []
    tasks_dir = repo.root / repo.tasks_root
    for directory, dirs, files in os.walk(repo.root):
        here = Path(directory)
        depth = len(here.relative_to(repo.root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        if depth >= _SEARCH_DEPTH:
            dirs[:] = []
        if TASK_FILE in files and here != repo.root and tasks_dir not in (here, *here.parents):
            found.append(here.relative_to(repo.root).as_posix())
            dirs[:] = []
        if len(found) > _SHOWN:
            break
    return found


def where_looked(repo: Repo) -> str:
    """One sentence: the tasks directory, its state, and why taskgate looked there."""
    tasks_dir = repo.root / repo.tasks_root
    text = (
        f"taskgate looked for task directories in {tasks_dir}/, which {_tasks_root_state(tasks_dir)} "
        f"(repository root {repo.root}: {_root_reason(repo.root)}; tasks_root {repo.tasks_root!r} is {_tasks_root_source(repo)})"
    )
    elsewhere = misplaced_tasks(repo)
    if elsewhere:
        shown = ", ".join(elsewhere[:_SHOWN]) + (", …" if len(elsewhere) > _SHOWN else "")
        text += f"; directories with a {TASK_FILE} outside it: {shown} (is tasks_root right?)"
    return text


def no_tasks(repo: Repo, paths: Sequence[Path] = ()) -> UsageError:
    """The error for a selection of zero tasks."""
    if paths and repo.task_ids:
        named = " ".join(str(p) for p in paths[:_SHOWN]) + (" …" if len(paths) > _SHOWN else "")
        return UsageError(f"no task among the given paths ({named}); tasks are the directories in {repo.root / repo.tasks_root}/")
    return UsageError(
        f"no task found: {where_looked(repo)}. Run taskgate inside a dataset repository, set tasks_root in "
        f"{CONFIG_NAME}, or create a task with `taskgate new TASK_ID --category C --language L`"
    )


def in_a_task_dir(root: Path, files: Sequence[Path]) -> bool:
    """Whether any file lies below a directory (other than the root) holding a task.yaml."""
    seen: set[Path] = set()
    for path in files:
        for directory in Path(os.path.abspath(path)).parents:
            if directory == root or root not in directory.parents or directory in seen:
                break
            seen.add(directory)
            if (directory / TASK_FILE).is_file():
                return True
    return False


def require_tasks(repo: Repo, tasks_checked: int, paths: Sequence[Path], *, hooks: Sequence[str] = (), commit_files: bool = False) -> None:
    """Raise `no_tasks` when a run that checked zero tasks must not pass.

    `hooks`: the static hooks that ran; when none of them checks tasks (`config` checks only
    the repository), zero tasks is what was asked for.

    `commit_files`: the paths are a commit's files as pre-commit passes them. Files outside every
    task are then expected (a README), so zero tasks fails only when the repository has no task
    at all and a file lies in a task directory outside the tasks root (a `tasks_root` typo).
    """
    from taskgate.hooks.core import registry

    if tasks_checked or (hooks and not any(registry.task_checks(h) for h in hooks)):
        return
    if commit_files and paths and (repo.task_ids or not in_a_task_dir(repo.root, paths)):
        return
    raise no_tasks(repo, paths)

