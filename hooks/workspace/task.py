"""One task directory, read lazily and at most once per run."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace.reading import read_limited
from taskgate.hooks.workspace.loaders import Loaded, LoadError, decode_text, load_yaml

TASK_YAML = "task.yaml"
PROMPT = "prompt.md"
CODE_DIRS = ("solution", "tests", "subject")


@dataclass(frozen=True)
class Entry:
    """A file (or symlink, or special file) of a task, with its `lstat` facts."""

    rel: str  # relative to the task directory, POSIX
    mode: int
    size: int

    @property
    def is_symlink(self) -> bool:
        return stat.S_ISLNK(self.mode)

    @property
    def is_regular(self) -> bool:
        return stat.S_ISREG(self.mode)

    @property
    def top(self) -> str:
        return self.rel.split("/", 1)[0]


class Task:
    """A directory `tasks_root/<id>/` of a repository.

    `files` are the entries git would commit (see `listing.py`), so generated junk on a
    contributor's disk never makes a good task fail.
    """

    def __init__(self, repo_root: Path, rel: str, file_list: list[str], max_file_size: int) -> None:
        self.repo_root = repo_root
        self.rel = rel  # repository-relative POSIX path, e.g. "tasks/two-sum"
        self.dir = repo_root / rel
        self.id = rel.rsplit("/", 1)[-1]
        self._file_list = file_list
        self.max_file_size = max_file_size
        self._bytes: dict[str, bytes | LoadError] = {}
        self.lstats: dict[str, os.stat_result] = {}  # filled by `entries`; the cache keys on them

    def __repr__(self) -> str:
        return f"Task({self.rel!r})"

    def path(self, rel: str = "") -> str:
        """Repository-relative path of `rel` inside this task, for findings."""
        return f"{self.rel}/{rel}" if rel else self.rel

    def use_stats(self, stats: dict[str, os.stat_result]) -> None:
        """Take these lstat facts as the task's entries (a caller that already stat-ed the files,
        as the scheduler does to key its cache, must not have them stat-ed twice)."""
        self.lstats = dict(stats)
        self.__dict__["entries"] = {rel: Entry(rel, st.st_mode, st.st_size) for rel, st in stats.items()}

    @cached_property
    def entries(self) -> dict[str, Entry]:
        out: dict[str, Entry] = {}
        base = f"{self.repo_root}/{self.rel}/"  # plain strings: this runs for every file of a repository
        for rel in self._file_list:
            try:
                st = os.lstat(base + rel)
            except OSError:
                continue
            self.lstats[rel] = st
            out[rel] = Entry(rel, st.st_mode, st.st_size)
        return out

    @cached_property
    def top_level(self) -> dict[str, str]:
        """Top-level name -> "file" | "dir" | "symlink" | "other", as committed."""
        out: dict[str, str] = {}
        for entry in self.entries.values():
            name = entry.top
            if "/" in entry.rel:
                out[name] = "dir"
            elif entry.is_symlink:
                out.setdefault(name, "symlink")
            elif entry.is_regular:
                out.setdefault(name, "file")
            else:
                out.setdefault(name, "other")
        return out

    def files_under(self, directory: str) -> list[Entry]:
        prefix = directory.rstrip("/") + "/"
        return [e for rel, e in sorted(self.entries.items()) if rel.startswith(prefix)]

    def read(self, rel: str) -> bytes | LoadError:
        if rel not in self._bytes:
            self._bytes[rel] = read_limited(self.dir / rel, self.max_file_size)
        return self._bytes[rel]

    def text(self, rel: str) -> str | LoadError:
        raw = self.read(rel)
        return raw if isinstance(raw, LoadError) else decode_text(raw)

    @cached_property
    def meta_text(self) -> str | LoadError:
        if self.top_level.get(TASK_YAML) == "dir":
            return LoadError("is a directory; expected a file")
        if TASK_YAML not in self.entries:
            return LoadError("is missing")
        return self.text(TASK_YAML)

    @cached_property
    def meta_loaded(self) -> Loaded:
        text = self.meta_text
        if isinstance(text, LoadError):
            return Loaded(error=text)
        loaded = load_yaml(text)
        if loaded.ok and loaded.data is None:
            return Loaded(error=LoadError("is empty; expected a mapping of task metadata"))
        if loaded.ok and not isinstance(loaded.data, dict):
            return Loaded(error=LoadError("must be a mapping of task metadata"))
        return loaded

    def meta_position(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of a value in task.yaml, from the parse that loaded it."""
        return self.meta_loaded.locate(path, key)

    @property
    def meta(self) -> dict[str, Any]:
        """Parsed task.yaml, or {} when it does not load (the metadata rules report why)."""
        loaded = self.meta_loaded
        return loaded.data if loaded.ok else {}

    def meta_str(self, key: str) -> str | None:
        value = self.meta.get(key)
        return value if isinstance(value, str) else None

    @property
    def category(self) -> str | None:
        return self.meta_str("category")

    @property
    def language(self) -> str | None:
        return self.meta_str("language")

    @property
    def status(self) -> str | None:
        return self.meta_str("status")
