"""apt/dpkg files stamped with the build time, left in a layer by the RUN that wrote them (DKR016).

Measured with buildah's pinned-timestamp builds of a Debian image: after `apt-get update && apt-get
install`, exactly these paths differ between two otherwise identical builds. A later RUN that
deletes them is too late: the layer of the installing RUN keeps them.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.argv import options
from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.reading.shell import Command, Run
from taskgate.hooks.core.registry import rule

VOLATILE_PATHS = (
    "/var/cache/apt/pkgcache.bin",
    "/var/cache/apt/srcpkgcache.bin",
    "/var/cache/ldconfig/aux-cache",
    "/var/log/apt/history.log",
    "/var/log/apt/term.log",
    "/var/log/dpkg.log",
)
CLEANUP = "rm -rf /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/log/apt/* /var/log/dpkg.log"

APT_VOLATILE = rule(
    "DKR016", "apt-volatile-files", hook="dockerfile", severity="warning",
    summary="A RUN that installs OS packages with apt/dpkg leaves the files they stamp with the build time in its layer.",
    rationale="""apt and dpkg write the time of the build into files of the image: their logs
    (/var/log/apt/history.log, term.log, /var/log/dpkg.log), apt's binary package caches
    (/var/cache/apt/pkgcache.bin, srcpkgcache.bin) and the dynamic linker's auxiliary cache
    (/var/cache/ldconfig/aux-cache). Two builds of the same Dockerfile then never give the same
    image digest (`taskgate verify-build` level 2), and the caches also fail level 1. Only the
    RUN that installs can remove them: a later RUN adds a layer, the earlier one keeps the files.""",
    fix=f"""End the installing RUN with `&& {CLEANUP}` (and the usual
    `rm -rf /var/lib/apt/lists/*`); `apt-get clean` removes the two .bin caches. A cache or tmpfs
    mount over the directory (`RUN --mount=type=cache,target=/var/cache/apt`) keeps them out too.""",
    limits="""Removal is recognised from rm, find -delete, truncate and `apt-get clean` in the same
    RUN, with literal or glob paths; a path held in a variable with no static value counts as
    removed. Base images that disable apt's caches (Docker's official Debian images) still write
    the logs and the linker cache, so the rule asks for the whole cleanup everywhere.""",
)

_APT = ("apt-get", "apt", "aptitude")
_APT_WRITES = frozenset({"install", "reinstall", "remove", "purge", "autoremove", "update", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "safe-upgrade"})
_DPKG_WRITES = frozenset({"-i", "--install", "-r", "--remove", "-P", "--purge", "--configure", "--unpack"})
_APT_LONG = frozenset({"--option", "--config-file", "--target-release", "--default-release", "--snapshot"})
_APT_CLEAN_BINS = ("/var/cache/apt/pkgcache.bin", "/var/cache/apt/srcpkgcache.bin")


def _writer(cmd: Command) -> bool:
    if cmd.name in _APT:
        positional = options(cmd.args, _APT_LONG, "octS").positional
        return bool(positional) and positional[0].text in _APT_WRITES
    if cmd.name == "dpkg":
        return any(arg.text in _DPKG_WRITES for arg in cmd.args)
    return False


def _covers(pattern: str, path: str) -> bool:
    """Whether removing `pattern` (a path or glob, recursively) removes `path`."""
    pattern = pattern.rstrip("/") or "/"
    if not pattern.startswith("/"):
        return False
    node = path
    while node not in ("", "/"):
        if fnmatch.fnmatchcase(node, pattern):
            return True
        node = posixpath.dirname(node)
    return pattern == "/"


def _removed(cmd: Command, workdir: str) -> set[str] | None:
    """The volatile paths `cmd` removes, or None when it removes something unknown (dynamic)."""
    targets: list[str] = []
    if cmd.name == "rm":
        words = [w for w in cmd.args if not w.text.startswith("-")]
    elif cmd.name == "truncate":
        words = [w for w in cmd.args if not w.text.startswith("-") and not w.text.isdigit()]
    elif cmd.name == "find" and any(w.text in ("-delete", "-exec", "-execdir") for w in cmd.args):
        words = []
        for w in cmd.args:
            if w.text.startswith(("-", "(", "!")):
                break
            words.append(w)
    elif cmd.name in _APT and [w.text for w in options(cmd.args, _APT_LONG, "octS").positional[:1]] in (["clean"], ["distclean"]):
        return set(_APT_CLEAN_BINS)
    else:
        return set()
    for word in words:
        if not word.literal:
            return None
        targets.append(posixpath.normpath(posixpath.join(workdir, word.text)))
    return {path for path in VOLATILE_PATHS if any(_covers(t, path) for t in targets)}


def check(run: Run) -> Iterator[Violation]:
    writers = [cmd for cmd in run.commands if _writer(cmd)]
    if not writers:
        return
    left = set(VOLATILE_PATHS)
    for mount in run.mounts:
        if mount.get("type") in ("cache", "tmpfs") and mount.get("target"):
            target = posixpath.normpath(posixpath.join(run.workdir, mount["target"]))
            left = {path for path in left if not _covers(target, path)}
    last = max(cmd.order for cmd in writers)
    for cmd in run.commands:
        if cmd.order <= last:
            continue  # a removal before the last install is undone by it
        removed = _removed(cmd, run.workdir)
        if removed is None:
            return
        left -= removed
    if left:
        first = writers[0]
        names = ", ".join(sorted(left))
        yield Violation(APT_VOLATILE, run.instruction, f"`{first.name}` writes build-time data that this RUN leaves in its layer: {names}; end the RUN with `&& {CLEANUP}`", first.argv[0].text)
