"""Checking many tasks: from the cache when their inputs are unchanged, else by running the checks.

For each task: lstat its files; when their stat signature is the one remembered with the
task's content digest, the result key is known without reading a byte, and a stored result
for that key is the answer. Otherwise each file is read once (its bytes are hashed for the
content digest and handed to the checks); a stored result for the key is still an answer (a
file touched but not changed, a fresh clone), and only then do the checks run. New signatures
and results are written back in one transaction.

Many tasks are split over `jobs` worker processes. Forked (Linux, single-threaded parent) they
inherit the registry, config and the preloaded cache rows and re-import nothing; otherwise
(macOS, Windows, or a parent with threads, e.g. one that has loaded the Go-based Dockerfile
parser) they are spawned and rebuild that state from a small picklable description.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taskgate.hooks.core import engine
from taskgate.hooks.core import fingerprint
from taskgate.hooks.core.cache import Cache, encode_findings, open_cache
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

# (task rel, stat signature and content digest to remember or None, key or None, findings,
#  depends on the date, answered from the cache, the task's facts or None, their JSON text when
#  computed now rather than cached)
Outcome = tuple[str, tuple[bytes, bytes] | None, bytes | None, list[Finding], bool, bool, Any, str | None]

# What a caller may ask of each task besides its findings (see `engine.run`): a pure function of
# the task's files, and the salt that keys its cached value (its code's digest).
Facts = tuple[Callable[[Any], Any], bytes]

# What forked workers inherit: (repo, ctx, hooks, global key, cache or None, started_ns, facts).
_STATE: Any = None
_KEEP: list[Any] = []


def _quick(task_id: str) -> tuple[Outcome | None, list[tuple[str, os.stat_result]], bytes | None]:
    """A task answered from its files' lstat facts alone, if it can be; else its lstat facts and
    stat signature for the full check."""
    repo, _ctx, _hooks, gkey, store, started, facts = _STATE
    rel = f"{repo.tasks_root}/{task_id}"
    base = f"{repo.root}/{rel}/"
    stats = []
    for name in sorted(repo.files_of(task_id)):
        try:
            stats.append((name, os.lstat(base + name)))
        except OSError:
            continue  # deleted from the work tree: not part of the task
    if not stats and os.path.islink(base[:-1]):
        return None, stats, None  # a symlinked task directory: where it leads is not in the stats
    statsig = fingerprint.stat_signature(stats, started)
    content = store.content_for(rel, statsig) if statsig is not None else None
    if content is not None:
        key = fingerprint.result_key(gkey, content)
        hit = store.result(key)
        known = _cached_facts(store, key, facts) if facts is not None and hit is not None else None
        if hit is not None and (facts is None or known is not None):
            return (rel, None, key, hit, False, True, known, None), stats, statsig
    return None, stats, statsig


def _facts_key(key: bytes, facts: Facts) -> bytes:
    return hashlib.blake2b(key + facts[1], digest_size=20).digest()


def _cached_facts(store: Cache, key: bytes, facts: Facts) -> Any:
    """A task's cached facts, or None (none stored, or a row that does not decode: a miss)."""
    text = store.raw(_facts_key(key, facts))
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None


def _facts_of(task: Task, key: bytes | None) -> tuple[Any, str | None]:
    """(the task's facts, their canonical JSON when computed now rather than cached)."""
    facts, store = _STATE[6], _STATE[4]
    if facts is None:
        return None, None
    if key is not None and store is not None:
        known = _cached_facts(store, key, facts)
        if known is not None:
            return known, None
    text = json.dumps(facts[0](task), sort_keys=True, ensure_ascii=False)
    return json.loads(text), text


def facts_salt(fn: Callable[[Any], Any]) -> bytes:
    """What keys a facts function's cached values: its module's source and its name (for a
    composite, `engine.TaskFacts`, those of its parts)."""
    parts = getattr(fn, "parts", None)
    if parts is not None:
        return b"facts:" + b"".join(facts_salt(part) for part in parts)
    module = sys.modules[fn.__module__]
    try:
        source = Path(module.__file__ or "").read_bytes()
    except OSError:
        source = fn.__code__.co_code
    return b"facts:" + f"{fn.__module__}.{fn.__qualname__}".encode() + hashlib.blake2b(source).digest()


def _check(task_id: str) -> Outcome:
    repo, ctx, hooks, gkey, store, _started, _facts = _STATE
    task = repo.task(task_id)
    if store is None:
        found, dated = engine.check_one(task, ctx, hooks)
        return task.rel, None, None, found, dated, False, *_facts_of(task, None)
    done, stats, statsig = _quick(task_id)
    if done is not None:
        return done
    # The task sees exactly these lstat facts (what `Task.entries` would have found).
    task.use_stats(dict(stats))
    content = fingerprint.content_digest(task)
    remember = (statsig, content) if statsig is not None else None
    key = fingerprint.result_key(gkey, content)
    hit = store.result(key)
    if hit is not None:
        return task.rel, remember, key, hit, False, True, *_facts_of(task, key)
    found, dated = engine.check_one(task, ctx, hooks)
    return task.rel, remember, key, found, dated, False, *_facts_of(task, key)


def _check_chunk(chunk: list[tuple[str, list[str]]]) -> list[Outcome]:
    repo = _STATE[0]
    out = []
    for task_id, files in chunk:
        repo.know_files(task_id, files)  # a spawned worker knows the files it is sent
        out.append(_check(task_id))
    return out


def _chunks(repo: Repo, items: Sequence[str], jobs: int) -> list[list[tuple[str, list[str]]]]:
    size = max(4, -(-len(items) // (jobs * 6)))
    return [[(t, repo.files_of(t)) for t in items[i:i + size]] for i in range(0, len(items), size)]


def start_method() -> str | None:
    """`fork` when this process has one thread (the workers then inherit everything loaded);
    else `spawn`: forking a process with threads (a Go runtime loaded by the Dockerfile parser,
    any library's thread) can leave a worker deadlocked on a lock no thread will release."""
    methods = multiprocessing.get_all_start_methods()
    try:
        single = len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc (macOS): do not guess
        single = False
    if single and "fork" in methods:
        return "fork"
    return "spawn" if "spawn" in methods else None


def _init_spawned(spec: tuple[Any, ...]) -> None:
    """A spawned worker: rebuild what a forked one would have inherited."""
    global _STATE
    root, config, stage, today, hooks, gkey, cache_path, started, facts = spec
    from taskgate.hooks.core import registry

    registry.load_all()
    store = None
    if cache_path is not None:
        store = Cache(Path(cache_path), today)
        store = store if store.usable else None
    _STATE = (Repo(Path(root), config), Context(root, config, stage, today), hooks, gkey, store, started, facts)


def _detach() -> None:
    """In a forked worker: never touch the parent's database connection (SQLite forbids using
    one across fork; a reference is kept so that garbage collection does not close it). Rows not
    preloaded are read through a connection of the worker's own."""
    store = _STATE[4]
    if store is not None:
        _KEEP.append(store.conn)
        if store.tasks is None:
            store.reopen()
        else:
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


def _answer_unchanged(repo: Repo, task_ids: Sequence[str], store: Cache, outcomes: list[Outcome], forkable: bool) -> list[str]:
    """Answer the tasks whose lstat facts are the remembered ones into `outcomes`; the rest, to
    check. With workers to hand them to, a task without a row is not lstat-ed here, and once
    more than PARALLEL_FROM tasks (and most) have missed, neither is the rest."""
    todo: list[str] = []
    hits = misses = 0
    for i, task_id in enumerate(task_ids):
        if forkable and misses > max(engine.PARALLEL_FROM, hits):
            todo.extend(task_ids[i:])
            break
        if forkable and store.tasks is not None and f"{repo.tasks_root}/{task_id}" not in store.tasks:
            todo.append(task_id)
            continue
        done, _stats, _sig = _quick(task_id)
        if done is None:
            todo.append(task_id)
            misses += 1
        else:
            outcomes.append(done)
            hits += 1
    return todo


def check_tasks(
    repo: Repo, task_ids: Sequence[str], ctx: Context, hooks: tuple[str, ...], *, store: Cache | None, jobs: int, whole: bool,
    facts: Callable[[Any], Any] | None = None,
) -> tuple[list[Finding], int, dict[str, Any]]:
    """The findings of every task in `task_ids`, how many tasks came from the cache, and (with
    `facts`) each task's facts by task rel, cached beside its findings."""
    global _STATE
    started = time.time_ns()
    forkable = jobs > 1
    # Unchanged tasks are answered here, from their lstat facts, and workers fork only for the
    # many that must be checked: answering them in workers cost more in pickling (the task's
    # file names there, findings and facts back) than the lstat pass they share (a warm run at
    # 10,000 tasks: 1.8 s with two workers, 1.4 s in one process). A whole run loads every row
    # at once (a partial run, a hook's files, asks for its rows); tasks it has no row for go
    # straight to the workers, and so does the rest once most tasks miss (a fresh clone: new
    # inodes and times), so that a cold run does not lstat everything twice.
    quick_here = store is not None
    if store is not None and store.tasks is None and whole:
        store.preload()
    gkey = fingerprint.global_key(ctx, hooks) if store is not None else b""
    asked: Facts | None = (facts, facts_salt(facts)) if facts is not None else None
    _STATE = (repo, ctx, hooks, gkey, store, started, asked)
    outcomes: list[Outcome] = []
    try:
        todo = list(task_ids)
        if quick_here:
            todo = _answer_unchanged(repo, task_ids, store, outcomes, forkable)
        method = start_method() if forkable and len(todo) >= engine.PARALLEL_FROM else None
        if method is not None:
            if method == "fork":
                pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_detach)
            else:
                spec = (str(repo.root), repo.config, ctx.stage, ctx.today_unwatched, hooks, gkey, str(store.path) if store is not None else None, started, asked)
                pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_init_spawned, initargs=(spec,))
            with pool:
                for chunk in pool.imap_unordered(_check_chunk, _chunks(repo, todo, jobs)):
                    outcomes.extend(chunk)
        else:
            outcomes.extend(_check(task_id) for task_id in todo)
    finally:
        _STATE = None

    out: list[Finding] = []
    cached = 0
    signatures: dict[str, tuple[bytes, bytes]] = {}
    new_results: dict[bytes, tuple[str, bool]] = {}
    by_task: dict[str, Any] = {}
    for rel, remember, key, found, dated, hit, known, new in outcomes:
        out.extend(found)
        cached += hit
        if remember is not None:
            signatures[rel] = remember
        if key is not None and not hit:
            new_results[key] = (encode_findings(found), dated)
        if known is not None:
            by_task[rel] = known
            if new is not None and key is not None and asked is not None:
                new_results[_facts_key(key, asked)] = (new, False)
    if store is not None:
        store.store(signatures, new_results, prune={f"{repo.tasks_root}/{t}" for t in task_ids} if whole else None)
        store.close()
    return out, cached, by_task
