"""Checking many tasks: from the cache when their inputs are unchanged, else by running the checks.

For each task: lstat its files; when their stat signature is the one remembered with the
task's content digest, the result key is known without reading a byte, and a stored result
for that key is the answer. Otherwise each file is read once (its bytes are hashed for the
content digest and handed to the checks); a stored result for the key is still an answer (a
file touched but not changed, a fresh clone), and only then do the checks run. New signatures
and results are written back in one transaction.

Many tasks are split over `jobs` forked worker processes, which inherit the registry, config
and the preloaded cache rows and re-import nothing. Workers need `fork` (Linux and other
POSIX systems); elsewhere every task is checked in this process.
"""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taskgate.hooks import engine, fingerprint
from taskgate.hooks.cache import PRELOAD_FROM, Cache, encode_findings, open_cache
from taskgate.hooks.context import Context
from taskgate.hooks.findings import Finding
from taskgate.hooks.repo import Repo
from taskgate.hooks.task import Entry

# (task rel, stat signature and content digest to remember or None, key or None, findings,
#  depends on the date, answered from the cache)
Outcome = tuple[str, tuple[bytes, bytes] | None, bytes | None, list[Finding], bool, bool]

# What forked workers inherit: (repo, ctx, hooks, global key, cache or None, started_ns).
_STATE: Any = None
_KEEP: list[Any] = []


def _check(task_id: str) -> Outcome:
    repo, ctx, hooks, gkey, store, started = _STATE
    task = repo.task(task_id)
    if store is None:
        found, dated = engine.check_one(task, ctx, hooks)
        return task.rel, None, None, found, dated, False
    base = f"{repo.root}/{task.rel}/"
    stats = []
    for rel in sorted(repo.files_of(task_id)):
        try:
            stats.append((rel, os.lstat(base + rel)))
        except OSError:
            continue  # deleted from the work tree: not part of the task
    statsig = fingerprint.stat_signature(stats, started)
    content = store.content_for(task.rel, statsig) if statsig is not None else None
    if content is not None:
        key = fingerprint.result_key(gkey, content)
        hit = store.result(key)
        if hit is not None:
            return task.rel, None, key, hit, False, True
    # The task sees exactly these lstat facts (what `Task.entries` would have found).
    task.lstats = dict(stats)
    task.__dict__["entries"] = {rel: Entry(rel, st.st_mode, st.st_size) for rel, st in stats}
    content = fingerprint.content_digest(task)
    remember = (statsig, content) if statsig is not None else None
    key = fingerprint.result_key(gkey, content)
    hit = store.result(key)
    if hit is not None:
        return task.rel, remember, key, hit, False, True
    found, dated = engine.check_one(task, ctx, hooks)
    return task.rel, remember, key, found, dated, False


def _check_chunk(task_ids: list[str]) -> list[Outcome]:
    return [_check(task_id) for task_id in task_ids]


def _chunks(items: Sequence[str], jobs: int) -> list[list[str]]:
    size = max(4, -(-len(items) // (jobs * 6)))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _detach() -> None:
    """In a forked worker: never touch the parent's database connection (SQLite forbids using
    one across fork); keep a reference so that garbage collection does not close it."""
    store = _STATE[4]
    if store is not None:
        _KEEP.append(store.conn)
        store.conn = None


def open_in_background(root: Path, today: _dt.date, *, preload: bool) -> Callable[[], Cache | None]:
    """Open (and maybe preload) the cache on a thread while the caller lists the repository's
    files; the returned function waits for it."""
    box: list[Cache | None] = [None]

    def work() -> None:
        box[0] = open_cache(root, today)
        if preload and box[0] is not None:
            box[0].preload()

    thread = threading.Thread(target=work, name="taskgate-cache", daemon=True)
    thread.start()

    def wait() -> Cache | None:
        thread.join()
        return box[0]

    return wait


def check_tasks(
    repo: Repo, task_ids: Sequence[str], ctx: Context, hooks: tuple[str, ...], *, store: Cache | None, jobs: int, whole: bool
) -> tuple[list[Finding], int]:
    """The findings of every task in `task_ids`, and how many tasks came from the cache."""
    global _STATE
    started = time.time_ns()
    parallel = jobs > 1 and len(task_ids) >= engine.PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()
    if store is not None and store.tasks is None and (parallel or len(task_ids) >= PRELOAD_FROM):
        store.preload()  # workers cannot share the connection: they get the rows
    gkey = fingerprint.global_key(ctx, hooks) if store is not None else b""
    _STATE = (repo, ctx, hooks, gkey, store, started)
    outcomes: list[Outcome] = []
    try:
        if parallel:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_detach) as pool:
                for chunk in pool.imap_unordered(_check_chunk, _chunks(task_ids, jobs)):
                    outcomes.extend(chunk)
        else:
            outcomes = [_check(task_id) for task_id in task_ids]
    finally:
        _STATE = None

    out: list[Finding] = []
    cached = 0
    signatures: dict[str, tuple[bytes, bytes]] = {}
    new_results: dict[bytes, tuple[str, bool]] = {}
    for rel, remember, key, found, dated, hit in outcomes:
        out.extend(found)
        cached += hit
        if remember is not None:
            signatures[rel] = remember
        if key is not None and not hit:
            new_results[key] = (encode_findings(found), dated)
    if store is not None:
        store.store(signatures, new_results, prune={f"{repo.tasks_root}/{t}" for t in task_ids} if whole else None)
        store.close()
    return out, cached
