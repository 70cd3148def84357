"""Checking many tasks: from the cache when their inputs are unchanged, else in worker processes.

1. Quick pass, in this process: for each task, lstat its files; when every file's stat facts are
   remembered with a content digest, the task's key is known without reading a byte, and a
   stored result for that key is the answer.
2. The remaining tasks are checked: in this process when they are few or `jobs` is 1, else in
   `jobs` forked workers (the registry, config and preloaded cache are inherited, nothing is
   re-imported). A worker reads each file once: the bytes are hashed for the key and handed to
   the checks. A key whose result is stored after all (a file touched, not changed) is a hit.
3. New digests and results are written back in one transaction.

Workers need `fork` (Linux and other POSIX systems); elsewhere the tasks are checked in this
process.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from typing import Any

from taskgate.hooks import engine, fingerprint
from taskgate.hooks.cache import PRELOAD_FROM, Cache, encode_findings, open_cache
from taskgate.hooks.context import Context
from taskgate.hooks.findings import Finding
from taskgate.hooks.fingerprint import FileDigests, StatKey
from taskgate.hooks.repo import Repo

# (task id, key or None, findings, depends on the date, answered from the cache)
Outcome = tuple[str, bytes | None, list[Finding], bool, bool]

# What forked workers inherit: (repo, ctx, hooks, global key, cache or None, started_ns).
_STATE: Any = None


def _check(task_id: str, files: FileDigests) -> Outcome:
    repo, ctx, hooks, gkey, store, _ = _STATE
    task = repo.task(task_id)
    key = fingerprint.task_key(gkey, task, files) if store is not None else None
    if key is not None:
        hit = store.result(key)
        if hit is not None:
            return task_id, key, hit, False, True
    found, dated = engine.check_one(task, ctx, hooks)
    return task_id, key, found, dated, False


def _check_chunk(task_ids: list[str]) -> tuple[list[Outcome], dict[str, tuple[StatKey, bytes]]]:
    store, started = _STATE[4], _STATE[5]
    known = store.files if store is not None and store.files is not None else {}
    files = FileDigests(known, started)
    return [_check(task_id, files) for task_id in task_ids], files.fresh


def _chunks(items: list[str], jobs: int) -> list[list[str]]:
    size = max(4, -(-len(items) // (jobs * 6)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def check_tasks(
    repo: Repo, task_ids: Sequence[str], ctx: Context, hooks: tuple[str, ...], *, cache: bool, jobs: int, whole: bool
) -> tuple[list[Finding], int]:
    """The findings of every task in `task_ids`, and how many tasks came from the cache."""
    global _STATE
    started = time.time_ns()
    store: Cache | None = open_cache(repo.root, ctx._today) if cache else None
    gkey = fingerprint.global_key(ctx, hooks) if store is not None else b""
    out: list[Finding] = []
    pending: list[str] = []
    cached = 0
    seen: set[str] = set()
    known: dict[str, tuple[StatKey, bytes]] = {}
    if store is not None:
        tasks = [repo.task(task_id) for task_id in task_ids]
        if len(tasks) >= PRELOAD_FROM:
            store.preload()
        known = store.known_files([f"{t.rel}/{rel}" for t in tasks for rel in t.entries])
        quick = FileDigests(known, started)
        for task in tasks:
            if whole:
                seen.update(f"{task.rel}/{rel}" for rel in task.entries)
            key = fingerprint.task_key(gkey, task, quick, read=False)
            hit = store.result(key) if key is not None else None
            if hit is None:
                pending.append(task.id)
            else:
                out.extend(hit)
                cached += 1
        del tasks
    else:
        pending = list(task_ids)

    _STATE = (repo, ctx, hooks, gkey, store, started)
    outcomes: list[Outcome] = []
    fresh: dict[str, tuple[StatKey, bytes]] = {}
    try:
        if jobs > 1 and len(pending) >= engine.PARALLEL_FROM and _fork_available():
            if store is not None and store.files is None:
                store.preload()  # workers cannot share the connection; they get the rows
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_detach) as pool:
                for chunk_outcomes, chunk_fresh in pool.imap_unordered(_check_chunk, _chunks(pending, jobs)):
                    outcomes.extend(chunk_outcomes)
                    fresh.update(chunk_fresh)
        else:
            files = FileDigests(known, started)
            outcomes = [_check(task_id, files) for task_id in pending]
            fresh = files.fresh
    finally:
        _STATE = None

    new_results: dict[bytes, tuple[str, bool]] = {}
    for _task_id, key, found, dated, hit in outcomes:
        out.extend(found)
        cached += hit
        if key is not None and not hit:
            new_results[key] = (encode_findings(found), dated)
    if store is not None:
        store.store(fresh, new_results, prune=seen if whole else None)
        store.close()
    return out, cached


_KEEP: list[Any] = []


def _detach() -> None:
    """In a forked worker: never touch the parent's database connection (SQLite forbids using
    one across fork); keep a reference so that it is not closed by garbage collection."""
    store = _STATE[4]
    if store is not None:
        _KEEP.append(store.conn)
        store.conn = None
