"""What a task's cached findings depend on, reduced to one key.

A task's findings are a pure function of: its files as the checks see them (names, lstat kind
and size, bytes, symlink targets), the configuration, the stage, the hooks selected, the rules
and checks (the toolchain: taskgate's code and schemas, Python, the installed packages), which
repository waivers are in force today, and, for a check that reads `ctx.today`, the date. The
run-wide part is `global_key`; `task_key` adds one task's files.

A rule family whose results depend on anything else (an external tool's version, a config
file of that tool) exposes `cache_key(ctx) -> str` in its module; it is mixed into the key.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import taskgate
from taskgate.hooks import registry, resources, waivers
from taskgate.hooks.context import Context
from taskgate.hooks.loaders import LoadError
from taskgate.hooks.task import Task

# Bump when the meaning of cached values or of the key changes.
FORMAT = 1
# A file whose mtime or ctime is this close to the moment it was hashed is not remembered by its
# stat facts: a write within the file system's timestamp granularity could go unnoticed.
RACY_NS = 2_000_000_000

StatKey = tuple[int, int, int, int, int, int]  # dev, ino, mode, size, mtime_ns, ctime_ns


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _tree_digest(directory: Path, suffixes: tuple[str, ...]) -> str:
    h = hashlib.blake2b(digest_size=16)
    if directory.is_dir():
        for path in sorted(directory.rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts:
                h.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def toolchain() -> str:
    """taskgate's version and code, Python's version and the installed distributions.

    The code is hashed, not just the version: a checkout edited in place keeps its version
    number, and an edited rule must not be answered from a cache filled by the old one.
    """
    hooks_dir = Path(registry.__file__).resolve().parent
    parts = [
        f"format={FORMAT}",
        f"taskgate={taskgate.__version__}",
        f"python={sys.version}",
        f"hooks={_tree_digest(hooks_dir, ('.py',))}",
        f"schemas={_tree_digest(resources.schemas_dir(), ('.json',))}",
    ]
    dists: list[str] = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        dists.extend(n for n in names if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
    parts.append("dists=" + ",".join(sorted(dists)))
    return "\n".join(parts)


def _code_digest(code: types.CodeType, h: Any) -> None:
    h.update(code.co_code)
    h.update(repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_digest(const, h)
        elif isinstance(const, frozenset):
            h.update(repr(sorted(map(repr, const))).encode())
        else:
            h.update(repr(const).encode())


@functools.cache
def _module_file_digest(name: str) -> str:
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None)
    try:
        return digest(Path(path).read_bytes()).hex() if path else "-"
    except OSError:
        return "-"


def checks_fingerprint(hooks: Sequence[str]) -> str:
    """The rules and the task checks the hooks run, down to the checks' bytecode."""
    h = hashlib.blake2b(digest_size=16)
    for code, rule in registry.rules().items():
        h.update(json.dumps(rule.as_dict(), sort_keys=True).encode())
    for hook in hooks:
        for fn in registry.task_checks(hook):
            h.update(f"{hook}:{fn.__module__}:{getattr(fn, '__qualname__', fn)}:{_module_file_digest(fn.__module__)}".encode())
            code = getattr(fn, "__code__", None)
            if code is not None:
                _code_digest(code, h)
    return h.hexdigest()


def family_keys(ctx: Context) -> list[str]:
    out = []
    for name in registry.FAMILIES:
        module = sys.modules.get(name)
        extra = getattr(module, "cache_key", None)
        if callable(extra):
            out.append(f"{name}={extra(ctx)}")
    return out


def global_key(ctx: Context, hooks: Sequence[str]) -> bytes:
    """Everything but the task's own files. Leaves `ctx.today_read` as it found it."""
    was_read = ctx.today_read
    active = [(w.index, w.rule, w.path) for w in waivers.active_repo_waivers(ctx)]
    parts = [
        toolchain(),
        checks_fingerprint(hooks),
        *family_keys(ctx),
        "config=" + json.dumps(ctx.config.data, sort_keys=True, default=str),
        f"stage={ctx.stage}",
        "hooks=" + ",".join(hooks),
        f"root={ctx.root}",
        "active-waivers=" + json.dumps(active),
    ]
    ctx.today_read = was_read
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


class FileDigests:
    """Content digests of a task's files, remembered by their stat facts across runs.

    `known` maps repository-relative path -> (stat facts, digest) from earlier runs; `fresh`
    collects what this run hashed (and may safely remember) for the cache to store.
    """

    def __init__(self, known: dict[str, tuple[StatKey, bytes]], started_ns: int) -> None:
        self.known = known
        self.started_ns = started_ns
        self.fresh: dict[str, tuple[StatKey, bytes]] = {}

    def remembered(self, path: str, st: os.stat_result) -> bytes | None:
        hit = self.known.get(path)
        return hit[1] if hit is not None and hit[0] == stat_key(st) else None

    def remember(self, path: str, st: os.stat_result, value: bytes) -> None:
        if max(st.st_mtime_ns, st.st_ctime_ns) < self.started_ns - RACY_NS:
            self.fresh[path] = (stat_key(st), value)


def _entry_part(task: Task, rel: str, files: FileDigests, read: bool) -> bytes | None:
    """What the checks can see of one entry, as bytes; None when the content must be read
    first and `read` is False."""
    entry = task.entries[rel]
    head = f"{rel}\0{entry.mode}\0{entry.size}\0".encode("utf-8", "surrogateescape")
    if stat.S_ISREG(entry.mode):
        if entry.size > task.max_file_size:
            return head + b"over-limit"
        path = f"{task.rel}/{rel}"
        st = task.lstats.get(rel)
        value = files.remembered(path, st) if st is not None else None
        if value is None:
            if not read:
                return None
            raw = task.read(rel)
            value = digest(raw) if isinstance(raw, bytes) else unreadable(raw)
            if st is not None and isinstance(raw, bytes):
                files.remember(path, st, value)
        return head + value
    if stat.S_ISLNK(entry.mode):
        if not read:
            return None
        link = os.path.join(task.dir, rel)
        try:
            target = os.readlink(link)
        except OSError:
            target = "?"
        resolved = os.path.realpath(link)
        raw = task.read(rel)
        seen = digest(raw) if isinstance(raw, bytes) else unreadable(raw)
        facts = f"{target}\0{resolved}\0{os.path.exists(resolved)}\0".encode("utf-8", "surrogateescape")
        return head + facts + seen
    return head + b"special"


def task_key(gkey: bytes, task: Task, files: FileDigests, *, read: bool = True) -> bytes | None:
    """The cache key of `task`'s findings; None when `read` is False and a file would have to be
    read (its stat facts are new)."""
    h = hashlib.blake2b(gkey, digest_size=20)
    h.update(task.rel.encode("utf-8", "surrogateescape") + b"\0")
    for rel in sorted(task.entries):
        part = _entry_part(task, rel, files, read)
        if part is None:
            return None
        h.update(part)
        h.update(b"\1")
    return h.digest()


def unreadable(error: LoadError) -> bytes:
    return digest(b"unreadable:" + error.message.encode())
