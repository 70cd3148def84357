"""The result cache: per-task findings by content key, and task content digests by stat facts.

One SQLite database per repository root, outside the repository: `$TASKGATE_CACHE_DIR`, else
`$XDG_CACHE_HOME/taskgate`, else `~/.cache/taskgate`. SQLite gives atomic transactions and
locking, so concurrent runs (pre-commit runs hook processes in parallel) never see a half
write. The cache is only ever an optimisation: any error (a locked, unwritable or corrupt
database, a malformed row) turns it off for the run, and a corrupt file is removed so that the
next run starts afresh. A row that does not decode is a miss, never a result.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace.sqlite_db import close_quietly, drop_if_damaged, open_db
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.core.fingerprint import FORMAT
from taskgate.hooks.core.locations import cache_dir

# Rows for results not used for this many days are dropped by a full run.
KEEP_DAYS = 30
_SCHEMA = (
    # A task directory's last seen stat signature and the content digest it stood for.
    "CREATE TABLE IF NOT EXISTS tasks (rel TEXT PRIMARY KEY, statsig BLOB, content BLOB) WITHOUT ROWID",
    # Findings (JSON) by result key; `day` is set when they depend on the date; `used` a day number.
    "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, findings TEXT, day TEXT, used INTEGER) WITHOUT ROWID",
)


def db_path(root: Path) -> Path:
    name = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir() / f"results-v{FORMAT}-{name}.sqlite3"


def decode_findings(text: object) -> list[Finding] | None:
    if text == "[]":
        return []
    try:
        rows = json.loads(text) if isinstance(text, str) else None
        if not isinstance(rows, list):
            return None
        out = []
        for row in rows:
            path, line, column, code, message = row
            if not (isinstance(path, str) and type(line) is int and type(column) is int and isinstance(code, str) and isinstance(message, str)):
                return None
            out.append(Finding(path, line, column, code, message))
        return out
    except (ValueError, TypeError):
        return None


def encode_findings(findings: Iterable[Finding]) -> str:
    return json.dumps([[f.path, f.line, f.column, f.code, f.message] for f in sorted(findings)], ensure_ascii=False)


class Cache:
    """An open cache database. Every method swallows database errors (and disables the cache)."""

    def __init__(self, path: Path, today: _dt.date) -> None:
        self.path = path
        self.day = today.isoformat()
        self.day_number = today.toordinal()
        self.conn: sqlite3.Connection | None = None
        self.tasks: dict[str, tuple[bytes, bytes]] | None = None  # preloaded rows, or None
        self.results: dict[bytes, tuple[str, str | None, int]] | None = None
        self._used: set[bytes] = set()
        try:
            self.conn = open_db(path, _SCHEMA, any_thread=True)
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def reopen(self) -> None:
        """A connection of this process's own (in a forked worker: the parent's must not be used)."""
        try:
            self.conn = open_db(self.path, (), any_thread=True) if self.conn is not None else None
        except (sqlite3.Error, OSError):
            self.conn = None

    @property
    def usable(self) -> bool:
        return self.conn is not None

    def _fail(self, exc: BaseException) -> None:
        """Stop using the database; delete it if it is damaged (not merely busy)."""
        if os.environ.get("TASKGATE_DEBUG"):
            print(f"taskgate: result cache {self.path} disabled for this run: {exc}", file=sys.stderr)
        close_quietly(self.conn)
        self.conn = None
        drop_if_damaged(self.path, exc)

    def preload(self) -> None:
        """Load every row into memory (a whole-repository run, or before forking workers)."""
        if self.conn is None:
            return
        try:
            tasks = {}
            for rel, statsig, content in self.conn.execute("SELECT rel, statsig, content FROM tasks"):
                if isinstance(rel, str) and isinstance(statsig, bytes) and isinstance(content, bytes):
                    tasks[rel] = (statsig, content)
            results = {}
            for key, findings, day, used in self.conn.execute("SELECT key, findings, day, used FROM results"):
                if isinstance(key, bytes):
                    results[key] = (findings, day, used if isinstance(used, int) else 0)
            self.tasks, self.results = tasks, results
        except sqlite3.Error as exc:
            self._fail(exc)

    def _row(self, memory: dict[Any, Any] | None, query: str, key: Any) -> Any:
        """One row: from the preloaded table when there is one, else from the database."""
        if memory is not None:
            return memory.get(key)
        if self.conn is None:
            return None
        try:
            return self.conn.execute(query, (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None

    def content_for(self, rel: str, statsig: bytes) -> bytes | None:
        """The content digest recorded for task `rel` when its files had stat signature `statsig`."""
        row = self._row(self.tasks, "SELECT statsig, content FROM tasks WHERE rel = ?", rel)
        if row is None or row[0] != statsig or not isinstance(row[1], bytes):
            return None
        return row[1]

    def result(self, key: bytes) -> list[Finding] | None:
        """The findings stored under `key`, unless they depend on a date other than today."""
        text = self.raw(key)
        return None if text is None else decode_findings(text)

    def raw(self, key: bytes) -> str | None:
        """The text stored under `key` (encoded findings, or a task's facts), unless it depends on
        a date other than today; marks the row used."""
        row = self._row(self.results, "SELECT findings, day, used FROM results WHERE key = ?", key)
        if row is None or (row[1] is not None and row[1] != self.day) or not isinstance(row[0], str):
            return None
        if row[2] != self.day_number:
            self._used.add(key)
        return row[0]

    def store(self, tasks: dict[str, tuple[bytes, bytes]], results: dict[bytes, tuple[str, bool]], *, prune: set[str] | None = None) -> None:
        """Write task signatures (`rel -> (statsig, content digest)`) and results (`key -> (encoded
        findings, depends on the date)`) in one transaction; with `prune` (the tasks that exist),
        also forget other tasks and results unused for KEEP_DAYS."""
        gone = sorted(self.tasks.keys() - prune) if prune is not None and self.tasks is not None else []
        cutoff = self.day_number - KEEP_DAYS
        # Old results to drop: known from the preloaded rows (a scan of the table otherwise).
        stale = prune is not None and self.results is not None and any(row[2] < cutoff for row in self.results.values())
        if self.conn is None or not (tasks or results or self._used or gone or stale):
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany("INSERT OR REPLACE INTO tasks VALUES (?, ?, ?)", [(rel, *row) for rel, row in tasks.items()])
            self.conn.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                [(key, text, self.day if dated else None, self.day_number) for key, (text, dated) in results.items()],
            )
            self.conn.executemany("UPDATE results SET used = ? WHERE key = ?", [(self.day_number, key) for key in self._used])
            self.conn.executemany("DELETE FROM tasks WHERE rel = ?", [(rel,) for rel in gone])
            if stale:
                self.conn.execute("DELETE FROM results WHERE used < ?", (cutoff,))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._fail(exc)

    def close(self) -> None:
        close_quietly(self.conn)
        self.conn = None


def open_cache(root: Path, today: _dt.date) -> Cache | None:
    cache = Cache(db_path(root), today)
    return cache if cache.usable else None
