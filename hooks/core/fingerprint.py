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
import sysconfig
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import taskgate
from taskgate.hooks.core import registry
from taskgate.hooks.workspace import resources
from taskgate.hooks.core import waivers
from taskgate.hooks.core.context import Context
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import Task

# Bump when the meaning of cached values or of the key changes.
FORMAT = 1
# A file whose mtime or ctime is this close to the moment it was hashed is not remembered by its
# stat facts: a write within the file system's timestamp granularity could go unnoticed.
RACY_NS = 2_000_000_000

def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


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
    hooks_dir = Path(registry.__file__).resolve().parent.parent
    parts = [
        f"format={FORMAT}",
        f"taskgate={taskgate.__version__}",
        f"python={sys.version}",
        f"hooks={_tree_digest(hooks_dir, ('.py',))}",
        f"schemas={_tree_digest(resources.schemas_dir(), ('.json',))}",
    ]
    dists: list[str] = []
    # The installed distributions (their names carry their versions). Only the installation's
    # site directories: sys.path also holds the current directory, which must not matter.
    for entry in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}):
        try:
            names = os.listdir(entry)
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
        # In a stable order: registration order follows import order, which differs between
        # entry points (a module imported early registers its checks first), the results do not.
        for fn in sorted(registry.task_checks(hook), key=lambda f: (f.__module__, getattr(f, "__qualname__", repr(f)))):
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


def stat_signature(stats: list[tuple[str, os.stat_result]], started_ns: int) -> bytes | None:
    """A digest of a task's files' lstat facts (`stats`, sorted by path), or None when they cannot
    vouch for the content: a symlink (its target may change), or a file changed so recently
    (within RACY_NS of `started_ns`) that a further write could leave its facts unchanged."""
    parts = []
    newest = started_ns - RACY_NS
    for rel, st in stats:
        if stat.S_ISLNK(st.st_mode) or st.st_mtime_ns >= newest or st.st_ctime_ns >= newest:
            return None
        parts.append(f"{rel}\0{st.st_dev}\0{st.st_ino}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\1")
    return digest("".join(parts).encode("utf-8", "surrogateescape"))


def _entry_part(task: Task, rel: str, st: os.stat_result) -> bytes:
    """What the checks can see of one entry: kind, size, bytes (and where a symlink leads)."""
    head = f"{rel}\0{st.st_mode}\0{st.st_size}\0".encode("utf-8", "surrogateescape")
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if st.st_size > task.max_file_size:
            return head + b"over-limit"
        return head + _seen(task.read(rel))
    if stat.S_ISLNK(mode):
        link = os.path.join(task.dir, rel)
        try:
            target = os.readlink(link)
        except OSError:
            target = "?"
        resolved = os.path.realpath(link)
        facts = f"{target}\0{resolved}\0{os.path.exists(resolved)}\0".encode("utf-8", "surrogateescape")
        return head + facts + _seen(task.read(rel))
    return head + b"special"


def _seen(raw: bytes | LoadError) -> bytes:
    return digest(raw) if isinstance(raw, bytes) else digest(b"unreadable:" + raw.message.encode())


def content_digest(task: Task) -> bytes:
    """A digest of everything a check can see of the task's own files (reads them: the bytes stay
    in the task for the checks)."""
    h = hashlib.blake2b(task.rel.encode("utf-8", "surrogateescape") + b"\0", digest_size=16)
    if os.path.islink(task.dir):  # a symlinked task directory: where it leads decides its findings
        resolved = os.path.realpath(task.dir)
        h.update(f"dir-link\0{os.readlink(task.dir)}\0{resolved}\0{os.path.isdir(resolved)}\0".encode("utf-8", "surrogateescape"))
    entries = task.entries  # fills task.lstats
    for rel in sorted(entries):
        h.update(_entry_part(task, rel, task.lstats[rel]) + b"\1")
    return h.digest()


def result_key(gkey: bytes, content: bytes) -> bytes:
    return hashlib.blake2b(gkey + content, digest_size=20).digest()
