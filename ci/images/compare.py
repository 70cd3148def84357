"""What differs between two environments, path by path: a short diffoscope for images."""

from __future__ import annotations

from dataclasses import dataclass

from taskgate.ci.images.envdigest import RUN_CONFIG_KEYS, Environment, PathFacts


@dataclass(frozen=True, order=True)
class Difference:
    path: str  # an absolute path in the image, or "config:<Key>" for the image config
    aspects: tuple[str, ...]  # what differs: content, size, mode, owner, type, link, xattrs, device, presence
    detail: str  # one line: the two values side by side

    def __str__(self) -> str:
        return f"{self.path}: {', '.join(self.aspects)} differ{'s' if len(self.aspects) == 1 else ''} ({self.detail})"


def _short(digest: str) -> str:
    return digest[:12] if digest else "-"


def _facts_diff(a: PathFacts, b: PathFacts) -> tuple[list[str], list[str]]:
    aspects: list[str] = []
    details: list[str] = []
    if a.kind != b.kind:
        return ["type"], [f"{a.kind} vs {b.kind}"]
    if a.sha256 != b.sha256:
        aspects.append("content")
        details.append(f"sha256 {_short(a.sha256)}… vs {_short(b.sha256)}…")
    if a.size != b.size:
        aspects.append("size")
        details.append(f"{a.size} vs {b.size} bytes")
    if a.mode != b.mode:
        aspects.append("mode")
        details.append(f"mode {a.mode:04o} vs {b.mode:04o}")
    if (a.uid, a.gid) != (b.uid, b.gid):
        aspects.append("owner")
        details.append(f"owner {a.uid}:{a.gid} vs {b.uid}:{b.gid}")
    if a.link != b.link:
        aspects.append("link")
        details.append(f"-> {a.link} vs -> {b.link}")
    if a.device != b.device:
        aspects.append("device")
        details.append(f"device {a.device} vs {b.device}")
    if a.xattrs != b.xattrs:
        aspects.append("xattrs")
        details.append(f"xattrs {dict(a.xattrs)} vs {dict(b.xattrs)}")
    return aspects, details


def compare(a: Environment, b: Environment) -> list[Difference]:
    """Every difference between build 1 (`a`) and build 2 (`b`), config first, then by path."""
    out: list[Difference] = []
    for key in RUN_CONFIG_KEYS:
        if a.config.get(key) != b.config.get(key):
            out.append(Difference(f"config:{key}", ("value",), f"{a.config.get(key)!r} vs {b.config.get(key)!r}"))
    paths: list[Difference] = []
    for path in sorted(set(a.paths) | set(b.paths)):
        fa, fb = a.paths.get(path), b.paths.get(path)
        if fa is None or fb is None:
            paths.append(Difference(path, ("presence",), "only in build 1" if fb is None else "only in build 2"))
            continue
        aspects, details = _facts_diff(fa, fb)
        if aspects:
            paths.append(Difference(path, tuple(aspects), "; ".join(details)))
    return out + paths
