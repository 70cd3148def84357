"""OS package managers in RUN: apt/apt-get, apk, yum/dnf/microdnf/tdnf, zypper (DKR003, DKR004).

An install is pinned when every package names an exact version, or (apt only) when the stage
reads its package index from a dated snapshot. Local package files are content from the build
context and always pinned; names from unknown variables are not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.argv import options
from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import OS_UPGRADE, UNPINNED_OS_PACKAGE
from taskgate.hooks.rules.dockerfile.reading.shell import Command, Run

SNAPSHOT_HOSTS = ("snapshot.debian.org", "snapshot.ubuntu.com")
_APT = ("apt-get", "apt", "aptitude")
_APT_LONG = frozenset({"--option", "--config-file", "--target-release", "--default-release", "--snapshot"})
_APK_LONG = frozenset({"--repository", "--virtual", "--root", "--repositories-file", "--keys-dir", "--cache-dir", "--arch", "--cache-max-age"})
_RPM = ("yum", "dnf", "microdnf", "tdnf", "zypper")
_RPM_LONG = frozenset({
    "--setopt", "--enablerepo", "--disablerepo", "--exclude", "--installroot", "--releasever", "--repo",
    "--repoid", "--config", "--forcearch", "--downloaddir", "--destdir", "--from-repo",
})
_RPM_VERSION = re.compile(r"^[A-Za-z0-9_.+:-]+?-\d[\w.+~:^-]*$")
_UPGRADES = {
    "apt-get": {"upgrade", "dist-upgrade", "full-upgrade"},
    "apt": {"upgrade", "dist-upgrade", "full-upgrade"},
    "aptitude": {"upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade"},
    "apk": {"upgrade"},
    "yum": {"update", "upgrade", "distro-sync", "update-minimal", "upgrade-minimal"},
    "dnf": {"update", "upgrade", "distro-sync", "upgrade-minimal"},
    "microdnf": {"update", "upgrade"},
    "tdnf": {"update", "upgrade", "distro-sync"},
    "zypper": {"update", "up", "dist-upgrade", "dup", "patch"},
}
_INSTALLS = {"install", "in", "add", "reinstall"}


def snapshot_evidence(run: Run) -> bool:
    """Whether this RUN points apt at a dated snapshot of the archive."""
    ins = run.instruction
    texts = [ins.original, *(h.content for h in ins.heredocs)]
    if run.script is not None:
        texts.extend(run.script.words)
    if any(host in text for text in texts for host in SNAPSHOT_HOSTS) or any("APT::Snapshot" in t for t in texts):
        return True
    for cmd in run.commands:
        if cmd.name in _APT and options(cmd.args, _APT_LONG, "octS").has("--snapshot", "-S"):
            return True
    return False


def check(run: Run, snapshot: bool) -> Iterator[Violation]:
    for cmd in run.commands:
        if cmd.name in _APT:
            yield from _apt(run, cmd, snapshot)
        elif cmd.name == "apk":
            yield from _apk(run, cmd)
        elif cmd.name in _RPM:
            yield from _rpm(run, cmd)


def _upgrade(run: Run, cmd: Command, sub: str) -> Violation:
    return Violation(OS_UPGRADE, run.instruction, f"`{cmd.name} {sub}` upgrades every OS package to whatever is newest at build time; pin a newer base image digest instead", cmd.argv[0].text, cmd.point)


def _apt(run: Run, cmd: Command, snapshot: bool) -> Iterator[Violation]:
    opts = options(cmd.args, _APT_LONG, "octS")
    if not opts.positional:
        return
    sub, packages = opts.positional[0].text, opts.positional[1:]
    if sub in _UPGRADES[cmd.name]:
        yield _upgrade(run, cmd, sub)
        return
    if sub not in ("install", "reinstall") or snapshot:
        return
    loose = [p.text for p in packages if p.literal and not _local(p.text, ".deb") and not _apt_pinned(p.text)]
    if loose:
        yield Violation(UNPINNED_OS_PACKAGE, run.instruction, f"`{cmd.name} {sub}` without exact versions: {_names(loose)}; pin each (`{_first(loose)}=<version>`) or read the index from {_snapshot_host(run)}", loose[0], cmd.point)


def _snapshot_host(run: Run) -> str:
    """The snapshot archive of the stage's distribution (Ubuntu has its own)."""
    if "ubuntu" in run.base.lower():
        return "snapshot.ubuntu.com (`apt-get update --snapshot 20240601T000000Z` on Ubuntu 23.10 and later, or `deb https://snapshot.ubuntu.com/ubuntu/20240601T000000Z <suite> main`)"
    return "snapshot.debian.org"


def _apt_pinned(spec: str) -> bool:
    if spec.endswith("-") and "=" not in spec:
        return True  # `apt-get install pkg-` removes pkg: nothing is installed
    name, eq, version = spec.partition("=")
    return bool(eq and version and "*" not in version and "/" not in name)


def _apk(run: Run, cmd: Command) -> Iterator[Violation]:
    opts = options(cmd.args, _APK_LONG, "Xtp")
    if not opts.positional:
        return
    sub, packages = opts.positional[0].text, opts.positional[1:]
    if sub in _UPGRADES["apk"]:
        yield _upgrade(run, cmd, sub)
        return
    if sub != "add":
        return
    loose = [p.text for p in packages if p.literal and not _local(p.text, ".apk") and not re.match(r"^[^=<>~]+=[^=<>~*]+$", p.text)]
    if loose:
        yield Violation(UNPINNED_OS_PACKAGE, run.instruction, f"`apk add` without exact versions: {_names(loose)}; pin each (`{_first(loose)}=<version>-r<n>`)", loose[0], cmd.point)


def _rpm(run: Run, cmd: Command) -> Iterator[Violation]:
    opts = options(cmd.args, _RPM_LONG, "xcR")
    if not opts.positional:
        return
    sub, packages = opts.positional[0].text, opts.positional[1:]
    if sub in _UPGRADES[cmd.name] and not [p for p in packages if p.literal]:
        yield _upgrade(run, cmd, sub)
        return
    if sub not in _INSTALLS and sub not in _UPGRADES[cmd.name]:
        return
    loose = [
        p.text for p in packages
        if p.literal and not _local(p.text, ".rpm") and not _RPM_VERSION.match(p.text) and not re.match(r"^[^=<>]+=\d", p.text)
    ]
    if loose:
        yield Violation(UNPINNED_OS_PACKAGE, run.instruction, f"`{cmd.name} {sub}` without exact versions: {_names(loose)}; pin each (`{_first(loose)}-<version>-<release>`)", loose[0], cmd.point)


def _local(spec: str, suffix: str) -> bool:
    return spec.endswith(suffix) and "://" not in spec and ("/" in spec or spec.startswith("."))


def _names(specs: list[str]) -> str:
    shown = ", ".join(specs[:6])
    return shown + (f" and {len(specs) - 6} more" if len(specs) > 6 else "")


def _first(specs: list[str]) -> str:
    return specs[0].split("=", 1)[0]
