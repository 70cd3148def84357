"""pre-commit's chunks: within one pre-commit run, every task is checked by exactly one process.

pre-commit splits a hook's file list into command-line-sized chunks and runs one hook process
per chunk (one after another with `require_serial`, else in parallel). A taskgate hook checks
whole tasks, so without coordination a task whose files fall into two chunks, and every task
when one chunk holds taskgate.yaml (which selects every task), would be checked and reported
twice. The processes of one hook in one pre-commit run therefore *claim* what they check in a
small SQLite ledger beside the result cache: a task id, `#repo` for the repository-level
checks, or `*` for "every task no one has claimed yet". A claim is an INSERT into a primary
key, so exactly one process wins it, in whatever order or parallelism the chunks run.

- A chunk holding taskgate.yaml, or any chunk of `pre-commit run --all-files` (read from the
  parent pre-commit's command line), claims `*`: the first such process checks the whole
  repository at once (with the result cache and worker processes, as `taskgate check` does) and
  the later chunks find `*` taken and exit before loading anything.
- Other chunks claim their tasks and check only those they won.

"One pre-commit run" is the parent process (pid and start time from /proc, so a reused pid is a
different run) of a process started with PRE_COMMIT=1. Where that cannot be known (no /proc, an
unwritable cache directory, a busy ledger) nothing is claimed and every chunk checks its tasks:
a finding may then be printed twice, but never hidden.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taskgate.hooks.workspace.repo import Repo

WHOLE = "*"
REPO_LEVEL = "#repo"
# Claims of runs older than this are dropped (no pre-commit run lasts a day).
KEEP_S = 24 * 3600
_DB = "precommit-claims-v1.sqlite3"


def _parent() -> tuple[str, list[str]] | None:
    """(identity, argv) of the parent process, or None when /proc cannot tell."""
    ppid = os.getppid()
    try:
        stat = Path(f"/proc/{ppid}/stat").read_text(encoding="ascii", errors="replace")
        cmdline = Path(f"/proc/{ppid}/cmdline").read_bytes()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if len(fields) < 20:
        return None
    return f"{ppid}:{fields[19]}", [a.decode("utf-8", "replace") for a in cmdline.split(b"\0") if a]


# pre-commit's options that take a value (`--config -a` names a file called -a).
_VALUED = {"-c", "--config", "--hook-stage", "--from-ref", "--to-ref", "-s", "-o", "--source", "--origin",
           "--commit-msg-filename", "--prepare-commit-message-source", "--commit-object-name", "--remote-name",
           "--remote-url", "--checkout-type", "--is-squash-merge", "--rewrite-command", "--local-branch", "--remote-branch",
           "--pre-rebase-upstream", "--pre-rebase-branch", "--ref", "--color"}


def all_files(argv: Sequence[str]) -> bool:
    """Whether a pre-commit command line runs its hooks over every file (`run --all-files`/`-a`)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg == "--all-files" or (arg.startswith("-") and not arg.startswith("--") and set(arg[1:]) <= {"a", "v"} and "a" in arg):
            return True
        elif arg == "--":
            break
    return False


class Claims:
    """The claims of one hook (scope) in one pre-commit run."""

    def __init__(self, conn: sqlite3.Connection, run: str, scope: str, whole_run: bool) -> None:
        self.conn = conn
        self.run = run
        self.scope = scope
        self.whole_run = whole_run  # pre-commit was asked for --all-files

    def taken(self, name: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM claims WHERE run = ? AND scope = ? AND name = ?", (self.run, self.scope, name)).fetchone()
        return row is not None

    def take(self, names: Sequence[str]) -> list[str]:
        """The names this process won, in order (the others were claimed before)."""
        won = []
        now = int(time.time())
        with self.conn:
            for name in names:
                cur = self.conn.execute("INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?)", (self.run, self.scope, name, now))
                if cur.rowcount == 1:
                    won.append(name)
        return won

    def close(self) -> None:
        self.conn.close()


def open_claims(cache_dir: Path, root: Path, scope: str) -> Claims | None:
    """The ledger for this process's pre-commit run, or None outside pre-commit (or when the run
    cannot be identified or the ledger not opened: then nothing is claimed)."""
    if os.environ.get("PRE_COMMIT") != "1":
        return None
    parent = _parent()
    if parent is None:
        return None
    run, argv = parent
    scope_key = hashlib.sha256(f"{root}\0{scope}".encode("utf-8", "surrogateescape")).hexdigest()[:24]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(cache_dir / _DB, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS claims (run TEXT, scope TEXT, name TEXT, at INTEGER, PRIMARY KEY (run, scope, name)) WITHOUT ROWID")
        conn.isolation_level = "DEFERRED"
        if not Claims(conn, run, scope_key, False).taken(REPO_LEVEL):
            with conn:
                conn.execute("DELETE FROM claims WHERE at < ?", (int(time.time()) - KEEP_S,))
    except (OSError, sqlite3.Error):
        return None
    return Claims(conn, run, scope_key, all_files(argv))


def plan(claims: Claims, repo: Repo, paths: list[Path]) -> tuple[list[str], bool, bool]:
    """What this chunk checks: (task ids it won, whether they are every task of the repository,
    whether it runs the repository-level checks)."""
    if claims.whole_run or repo.selects_everything(paths):
        if not claims.take([WHOLE]):
            return [], False, bool(claims.take([REPO_LEVEL]))
        every = repo.task_ids
        ids = claims.take(every)
        whole = len(ids) == len(every)
    else:
        ids, whole = claims.take(repo.select(paths)), False
    return ids, whole, bool(claims.take([REPO_LEVEL]))
