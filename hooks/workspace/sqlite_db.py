"""The SQLite files taskgate keeps beside a repository (result cache, integrity signatures).

One way to open them: the directory is private, writers wait for each other (contention costs
time, never the data), readers never wait for a writer (WAL), and the schema is created. One way
to give up on them: close the connection quietly, and delete the files only when they are
damaged (the stores are only optimisations; the next run starts afresh).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

BUSY_SECONDS = 30.0


def open_db(path: Path, schema: Iterable[str], *, any_thread: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with `schema` applied. Raises sqlite3.Error or OSError."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=not any_thread)
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
    conn.execute("PRAGMA synchronous=NORMAL")
    for statement in schema:
        conn.execute(statement)
    return conn


def close_quietly(conn: sqlite3.Connection | None) -> None:
    """Close `conn` (None: nothing to close); an error closing it changes nothing for the caller."""
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:
            pass


_DAMAGE = ("not a database", "malformed", "corrupt")


def drop_if_damaged(path: Path, exc: BaseException) -> bool:
    """When `exc` says the file at `path` is damaged or not a database at all (not merely busy or
    unwritable), delete it with its WAL and shared-memory files so that the next run starts
    afresh. Whether it did."""
    message = str(exc).lower()
    if not (isinstance(exc, sqlite3.DatabaseError) and any(word in message for word in _DAMAGE)):
        return False
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass
    return True
