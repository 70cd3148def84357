"""Task signatures kept between runs, beside the result cache: one SQLite database per repository.

Rows: `sigs` (task rel -> stat signature of its prompt and ground truth files, the two
signatures), `bands` (LSH band key -> task rel, indexed, so a one-task run finds its candidates
with one query instead of loading 10,000 signatures), `meta` (the parameters the rows were made
with, whether a whole-repository pass has completed with them, and that pass's outcome under a
digest of its inputs, so that a whole run over unchanged tasks skips the pass). Like the result
cache it is only an optimisation: any database error disables it for the run (a damaged file is
deleted) and the pass computes what it needs.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from taskgate.hooks.workspace.sqlite_db import close_quietly, drop_if_damaged, open_db
from taskgate.hooks.core.cache import cache_dir

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sigs (rel TEXT PRIMARY KEY, statsig BLOB, prompt BLOB, solution BLOB) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS bands (key BLOB, rel TEXT, PRIMARY KEY (key, rel)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS bands_rel ON bands (rel)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
)
Row = tuple[bytes, bytes, bytes]  # statsig, prompt signature, solution signature


def db_path(root: Path) -> Path:
    name = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir() / f"signatures-v1-{name}.sqlite3"


class Store:
    def __init__(self, path: Path, params: str) -> None:
        self.path = path
        self.params = params
        self.conn: sqlite3.Connection | None = None
        try:
            self.conn = open_db(path, _SCHEMA)
            if self._meta("params") != params:  # made with other parameters: start afresh
                self._write(lambda c: (c.execute("DELETE FROM sigs"), c.execute("DELETE FROM bands"), c.execute("DELETE FROM meta"),
                                       c.execute("INSERT INTO meta VALUES ('params', ?)", (params,))))
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        close_quietly(self.conn)
        self.conn = None
        drop_if_damaged(self.path, exc)  # a damaged or foreign file: the next run starts afresh

    def _meta(self, name: str) -> str | None:
        assert self.conn is not None
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def hasher_state(self) -> str | None:
        """The MinHash permutations and LSH bands the stored rows were made with."""
        try:
            return self._meta("hasher") if self.conn is not None else None
        except sqlite3.Error as exc:
            self._fail(exc)
            return None

    def _write(self, work) -> None:  # type: ignore[no-untyped-def]
        if self.conn is None:
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            work(self.conn)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._fail(exc)

    @property
    def usable(self) -> bool:
        return self.conn is not None

    def complete(self, bands_id: str) -> bool:
        """Whether a whole-repository pass has stored every task's signature and bands for `bands_id`."""
        try:
            return self.conn is not None and self._meta("complete") == bands_id
        except sqlite3.Error as exc:
            self._fail(exc)
            return False

    def rows(self, rels: Iterable[str] | None = None) -> dict[str, Row]:
        """Stored rows, all of them (`rels` None) or those of `rels`."""
        if self.conn is None:
            return {}
        try:
            if rels is None:
                cursor = self.conn.execute("SELECT rel, statsig, prompt, solution FROM sigs")
                return {r[0]: (r[1], r[2], r[3]) for r in cursor}
            out = {}
            for rel in rels:
                r = self.conn.execute("SELECT statsig, prompt, solution FROM sigs WHERE rel = ?", (rel,)).fetchone()
                if r is not None:
                    out[rel] = (r[0], r[1], r[2])
            return out
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}

    def near(self, key: bytes, rel: str, limit: int) -> list[str]:
        """The `limit` tasks of bucket `key` sorting just before `rel` and the `limit` just after
        it (two index range scans: the cost does not grow with the bucket)."""
        if self.conn is None:
            return []
        try:
            below = self.conn.execute("SELECT rel FROM bands WHERE key = ? AND rel < ? ORDER BY rel DESC LIMIT ?", (key, rel, limit))
            out = [r[0] for r in below]
            above = self.conn.execute("SELECT rel FROM bands WHERE key = ? AND rel > ? ORDER BY rel LIMIT ?", (key, rel, limit))
            return sorted([*out, *(r[0] for r in above)])
        except sqlite3.Error as exc:
            self._fail(exc)
            return []

    def outcome(self, key: str) -> str | None:
        """What the last whole-repository pass recorded under `key` (a digest of all its inputs),
        if it was made with that key and no row has been written since."""
        try:
            text = self._meta("pass") if self.conn is not None else None
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        prefix = key + "\n"
        return text[len(prefix):] if isinstance(text, str) and text.startswith(prefix) else None

    def save(self, rows: dict[str, Row], bands: dict[str, list[bytes]], *, forget: Iterable[str] = (), complete: str | None = None,
             hasher: str | None = None, outcome: tuple[str, str] | None = None) -> None:
        """Store rows and their band keys (replacing the tasks' old ones); drop `forget`; mark a
        completed whole pass and the hasher state it used; record a whole pass's `outcome` (its
        inputs' digest, its result). Rows written without an outcome (a partial run) void the
        recorded one: it stands for the rows as that pass left them."""
        gone = list(forget)

        def work(c: sqlite3.Connection) -> None:
            for rel in [*rows, *gone]:
                c.execute("DELETE FROM bands WHERE rel = ?", (rel,))
            c.executemany("DELETE FROM sigs WHERE rel = ?", [(rel,) for rel in gone])
            c.executemany("INSERT OR REPLACE INTO sigs VALUES (?, ?, ?, ?)", [(rel, *row) for rel, row in rows.items()])
            c.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", [(key, rel) for rel, keys in bands.items() for key in keys])
            if complete is not None:
                c.execute("INSERT OR REPLACE INTO meta VALUES ('complete', ?)", (complete,))
                c.execute("INSERT OR REPLACE INTO meta VALUES ('hasher', ?)", (hasher,))
            if outcome is not None:
                c.execute("INSERT OR REPLACE INTO meta VALUES ('pass', ?)", (f"{outcome[0]}\n{outcome[1]}",))
            elif rows or gone:
                c.execute("DELETE FROM meta WHERE name = 'pass'")

        if rows or gone or complete is not None or outcome is not None:
            self._write(work)

    def close(self) -> None:
        close_quietly(self.conn)
        self.conn = None


def open_store(root: Path, params: str) -> Store | None:
    store = Store(db_path(root), params)
    return store if store.usable else None
