"""Which files of which task directories git would commit, listed as cheaply as the run allows.

The whole tasks root: one `git ls-files --cached --others --exclude-standard` (its walk for
untracked files is most of the cost of a warm run). Some task directories, as a pre-commit hook
names them: with a few, the same command limited to them; with many (pre-commit hands a hook up
to 128 KiB of file names at a time), git's pathspec matching grows with their number, so the
index is listed whole and filtered here, the named directories are walked, and git is asked
about untracked files only in the directories that have any. Without git: a walk that skips the
usual generated junk (`files.walk_files`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from taskgate.hooks.workspace.reading import git_files, walk_files

# Up to this many task directories, git is given them as pathspecs.
PATHSPECS_UP_TO = 16


def _in_git(root: Path) -> bool:
    return shutil.which("git") is not None and any((d / ".git").exists() for d in (root, *root.parents))


def _git(root: Path, *args: str) -> bytes | None:
    try:
        proc = subprocess.run(["git", "--literal-pathspecs", "-C", str(root), *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _walk(directory: str) -> list[str]:
    """Paths below `directory` (relative to it) of everything but directories; symlinks are not
    followed and nested .git directories are skipped."""
    out: list[str] = []
    stack = [(directory, "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if not is_dir:
                out.append(prefix + entry.name)
            elif entry.name != ".git":
                stack.append((entry.path, f"{prefix}{entry.name}/"))
    return out


def _many_dirs(root: Path, tasks_root: str, task_ids: Sequence[str]) -> list[str] | None:
    index = _git(root, "ls-files", "-z", "--cached", "--", tasks_root)
    if index is None:
        return None
    wanted = {f"{tasks_root}/{t}" for t in task_ids}
    ids = set(task_ids)
    prefix = tasks_root + "/"
    tracked = set()
    for raw in index.split(b"\0"):
        path = raw.decode("utf-8", "surrogateescape")
        if path.startswith(prefix) and path[len(prefix):].partition("/")[0] in ids:
            tracked.add(path)
    with_untracked = []
    for directory in sorted(wanted):
        full = os.path.join(root, directory)
        if os.path.isdir(full) and not os.path.islink(full):
            if any(f"{directory}/{rel}" not in tracked for rel in _walk(full)):
                with_untracked.append(directory)
    listed = sorted(tracked)
    if with_untracked:
        others = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *with_untracked)
        if others is None:
            return None
        listed.extend(p.decode("utf-8", "surrogateescape") for p in others.split(b"\0") if p)
    return listed


def list_tasks(root: Path, tasks_root: str, task_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Task id -> its files (relative to the task directory), for every task (`task_ids` None)
    or for the named ones. Tasks whose directory is gone are left out; files deleted from the
    work tree but still in git's index are listed (the task drops them when it lstats them)."""
    dirs = [tasks_root] if task_ids is None else [f"{tasks_root}/{t}" for t in task_ids]
    listed: list[str] | None
    if task_ids is None or len(task_ids) <= PATHSPECS_UP_TO:
        listed = git_files(root, dirs, existing_only=False)
    else:
        listed = _many_dirs(root, tasks_root, task_ids) if _in_git(root) else None
    if listed is None:
        listed = []
        for directory in dirs:
            path = root / directory
            if path.is_symlink():
                listed.append(directory)
            elif path.is_dir():
                listed.extend(f"{directory}/{p}" for p in walk_files(path))
    base = root / tasks_root
    prefix = tasks_root + "/"
    by_task: dict[str, list[str]] = defaultdict(list)
    for path in listed:
        if not path.startswith(prefix):
            continue
        task_id, sep, inner = path[len(prefix):].partition("/")
        if task_id.startswith("."):
            continue
        if sep:
            by_task[task_id].append(inner)
        elif (base / task_id).is_symlink():
            by_task.setdefault(task_id, [])  # a symlinked task directory: layout reports it
    top = str(base)
    return {t: files for t, files in by_task.items() if os.path.lexists(f"{top}/{t}")}
