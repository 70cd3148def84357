"""Running ruff for the idiomatic hook: one process for many tasks, never a per-file process.

Checks run per task, but starting ruff costs more than linting a small file, so a `RuffBatch`
(one per run and process, kept in `ctx.cached`) lints ahead: when a task's files are not known
yet, it runs ruff on them together with the ground truth of the tasks that follow it in the
repository's order (the order the engine and its workers check them in), doubling that window
each time, up to `MAX_WINDOW` tasks. A run over the whole repository thus starts ruff a few dozen
times; a pre-commit run for one task lints about one task. Results are keyed by file, and ruff
lints each file on its own, so a task's findings do not depend on what else was in its batch.
Looked-ahead files are read from disk; only the task's own committed files are ever reported.
"""

from __future__ import annotations

import bisect
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace.listing import walk_files
from taskgate.hooks.workspace.task import Task

MAX_WINDOW = 512
TIMEOUT_S = 300
_ARG_BUDGET = 100_000  # bytes of file arguments per ruff process (ARG_MAX is far larger)


def find_ruff() -> tuple[str | None, str | None]:
    """(path of the ruff binary, None) or (None, why it cannot be found)."""
    try:
        from ruff import find_ruff_bin
    except ImportError:
        return None, "ruff not found: the `ruff` package is not installed"
    try:
        return os.fspath(find_ruff_bin()), None
    except FileNotFoundError:
        return None, "ruff not found: the `ruff` package has no ruff binary"


class RuffBatch:
    def __init__(self, root: str, tasks_root: str, settings: dict[str, Any]) -> None:
        self.root = root
        self.tasks_dir = Path(root) / tasks_root
        self.settings = settings
        self.results: dict[str, list[dict[str, Any]]] = {}  # absolute path -> ruff records
        self.errors: dict[str, str] = {}  # absolute path -> why ruff gave no result
        self.window = 1
        self._order: list[str] | None = None

    def lint(self, task: Task, files: list[str]) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
        """ruff's records for each of `files` (task-relative), or why there are none."""
        paths = {rel: os.fspath(task.dir / rel) for rel in files}
        todo = [p for p in paths.values() if p not in self.results and p not in self.errors]
        if todo:
            ahead = self._ahead(task.id, self.window)
            self.window = min(self.window * 2, MAX_WINDOW)
            self._run(todo + [p for p in ahead if p not in self.results and p not in self.errors])
        for path in paths.values():
            if path in self.errors:
                return {}, self.errors[path]
        return {rel: self.results.get(path, []) for rel, path in paths.items()}, None

    def _ahead(self, task_id: str, count: int) -> list[str]:
        """Ground-truth files on disk of the `count - 1` tasks after `task_id`."""
        if count <= 1:
            return []
        if self._order is None:
            try:
                self._order = sorted(e.name for e in os.scandir(self.tasks_dir) if not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
            except OSError:
                self._order = []
        start = bisect.bisect_right(self._order, task_id)
        out: list[str] = []
        for name in self._order[start: start + count - 1]:
            out.extend(_python_files(self.tasks_dir / name / "solution"))
        return out

    def _run(self, paths: list[str]) -> None:
        chunk: list[str] = []
        size = 0
        for path in paths:
            if chunk and size + len(path) > _ARG_BUDGET:
                self._run_one(chunk)
                chunk, size = [], 0
            chunk.append(path)
            size += len(path) + 1
        if chunk:
            self._run_one(chunk)

    def _run_one(self, paths: list[str]) -> None:
        ruff, missing = find_ruff()
        if ruff is None:
            self.errors.update(dict.fromkeys(paths, missing or "ruff not found"))
            return
        s = self.settings
        command = [
            ruff, "check", "--isolated", "--no-cache", "--ignore-noqa", "--exit-zero", "--no-fix",
            "--output-format", "json", "--target-version", s["target_version"],
            "--select", ",".join(s["select"]), "--ignore", ",".join(s["ignore"]),
            "--config", f"lint.mccabe.max-complexity = {s['max_complexity']}",
            # A package's __init__.py imports to re-export: that is its job, not an unused import.
            "--config", 'lint.per-file-ignores = {"__init__.py" = ["F401"]}',
            "--", *paths,
        ]
        try:
            proc = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False, cwd=self.root)
        except (OSError, subprocess.SubprocessError) as exc:
            self.errors.update(dict.fromkeys(paths, f"{type(exc).__name__}: {exc}"))
            return
        try:
            records = json.loads(proc.stdout or b"[]") if proc.returncode == 0 else None
        except ValueError:
            records = None
        if not isinstance(records, list):
            why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            self.errors.update(dict.fromkeys(paths, f"exit {proc.returncode}: {why[-1] if why else 'no output'}"))
            return
        fresh: dict[str, list[dict[str, Any]]] = {path: [] for path in paths}
        for record in records:
            name = record.get("filename") if isinstance(record, dict) else None
            if isinstance(name, str):
                fresh.setdefault(os.path.normpath(name), []).append(record)
        for path, found in fresh.items():
            found.sort(key=_position)
            self.results[path] = found


def _position(record: dict[str, Any]) -> tuple[int, int, str]:
    where = record.get("location") or {}
    return int(where.get("row") or 0), int(where.get("column") or 0), str(record.get("code"))


def _python_files(directory: Path) -> list[str]:
    """The regular .py files below `directory` (junk directories skipped), absolute."""
    return [os.fspath(directory / rel) for rel in walk_files(directory) if rel.endswith(".py") and not (directory / rel).is_symlink()]