"""The canonical content hash of a task: what calibration records and exports are bound to.

It covers everything that defines the task (task.yaml, prompt.md, Dockerfile, solution/, tests/,
subject/, meta/, and the environment files the image is built from: see `environment.py`) and
nothing that records results about it (calibration.json, calibration/). The same files are the
Docker build context (ci/build).
The value is the sha256 of the sorted lines `<sha256 of file>  <task-relative path>\n`, so
per-file hashes kept beside it can name exactly which files changed.
"""

from __future__ import annotations

import hashlib
import os

from taskgate.hooks.workspace.environment import environment_entries
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import Task

HASHED_FILES = ("task.yaml", "prompt.md", "Dockerfile")
HASHED_DIRS = ("solution", "tests", "subject", "meta")


def is_hashed(rel: str, environment: frozenset[str] = frozenset()) -> bool:
    """True when the task-relative `rel` is hashed; `environment` is the task's environment files."""
    top = rel.split("/", 1)[0]
    return rel in HASHED_FILES or ("/" in rel and top in HASHED_DIRS) or top in environment


def hashed_files(task: Task) -> list[str]:
    """The task's hashed files (its build context), sorted task-relative paths."""
    environment = environment_entries(task)
    return sorted(rel for rel in task.entries if is_hashed(rel, environment))


def file_hashes(task: Task) -> dict[str, str]:
    """Task-relative path -> sha256 of its bytes (a symlink hashes as its target string)."""
    out: dict[str, str] = {}
    for rel in hashed_files(task):
        entry = task.entries[rel]
        if entry.is_symlink:
            data = b"symlink:" + os.readlink(task.dir / rel).encode("utf-8", "surrogateescape")
        else:
            raw = task.read(rel)
            data = b"unreadable:" + raw.message.encode() if isinstance(raw, LoadError) else raw
        out[rel] = hashlib.sha256(data).hexdigest()
    return out


def combine(files: dict[str, str]) -> str:
    lines = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(files.items(), key=lambda kv: kv[0].encode()))
    return hashlib.sha256(lines.encode("utf-8", "surrogateescape")).hexdigest()


def task_hash(task: Task) -> tuple[str, dict[str, str]]:
    files = file_hashes(task)
    return combine(files), files


def changed_files(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """Paths added, removed or modified between two per-file hash maps, sorted."""
    return sorted(p for p in set(recorded) | set(current) if recorded.get(p) != current.get(p))
