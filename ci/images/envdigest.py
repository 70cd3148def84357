"""The environment digest: a canonical sha256 of what a test run inside an image can observe.

It covers every path of the image's filesystem (type, permission bits, uid/gid, size, sha256 of
the content, link target, extended attributes) and the image config that changes a run (Env,
Entrypoint, Cmd, WorkingDir, User). Modification times are excluded, and so is their copy in the
header of timestamp-based Python bytecode (`.pyc`): a 4-byte field that only repeats the source
file's mtime, which two otherwise identical installs never share.

What the engine mounts over at run time is not part of the environment and is skipped: /dev,
/proc and /sys below their top directories, /etc/hosts, /etc/hostname, /etc/resolv.conf and
/.dockerenv. Anything else is left out only when the repository says so (taskgate.yaml
`docker: {exclude: [...]}`), with a documented default; see docs/docker.md.

The filesystem is read by exporting a created, never started container and hashing the tar
stream entry by entry, so memory stays flat whatever the image size.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import docker

FORMAT = "taskgate-env-v1"
RUN_CONFIG_KEYS = ("Env", "Entrypoint", "Cmd", "WorkingDir", "User")
# Mounted over by the engine in every container: the image's copy is never seen by a run.
RUNTIME_MOUNTS = ("/dev/*", "/proc/*", "/sys/*", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/.dockerenv")
# The documented default of taskgate.yaml `docker.exclude`: logs (timestamps by design) and the
# dynamic linker's auxiliary cache (keyed by inode numbers and mtimes of libraries).
DEFAULT_EXCLUDE = ("/var/log/*", "/var/cache/ldconfig/aux-cache")
_CHUNK = 1 << 20
_PYC_MAGIC_TAIL = b"\r\n"


@dataclass(frozen=True)
class PathFacts:
    kind: str  # file | dir | symlink | fifo | char | block
    mode: int  # permission bits, setuid/setgid/sticky included
    uid: int
    gid: int
    size: int
    sha256: str = ""  # regular files only
    link: str = ""  # symlink target
    device: str = ""  # "major,minor" for device nodes
    xattrs: tuple[tuple[str, str], ...] = ()

    def line(self, path: str) -> str:
        xattrs = ",".join(f"{k}={v}" for k, v in self.xattrs)
        fields = (path, self.kind, f"{self.mode:04o}", str(self.uid), str(self.gid), str(self.size), self.sha256, self.link, self.device, xattrs)
        return "\0".join(fields) + "\n"


@dataclass
class Environment:
    digest: str
    paths: dict[str, PathFacts] = field(repr=False)
    config: dict[str, Any]
    excluded: int = 0  # paths left out by the exclude list

    @property
    def files(self) -> int:
        return len(self.paths)


def run_config(image_attrs: dict[str, Any]) -> dict[str, Any]:
    config = image_attrs.get("Config") or {}
    return {key: config.get(key) or None for key in RUN_CONFIG_KEYS}


def canonical_digest(paths: dict[str, PathFacts], config: dict[str, Any]) -> str:
    h = hashlib.sha256()
    h.update(FORMAT.encode() + b"\n")
    h.update(json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")
    for path in sorted(paths, key=lambda p: p.encode("utf-8", "surrogateescape")):
        h.update(paths[path].line(path).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def matches(path: str, patterns: Iterable[str]) -> bool:
    """Whether `path` is named by a pattern: an fnmatch glob, or a directory covering it."""
    for pattern in patterns:
        if fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern.rstrip("/") + "/"):
            return True
    return False


def normalise(name: str) -> str:
    """A tar member name as an absolute path: "./usr/bin/" -> "/usr/bin", "." -> "/"."""
    while name.startswith("./"):
        name = name[2:]
    name = name.strip("/")
    return "/" if name in ("", ".") else "/" + name


def hash_content(fh: IO[bytes], path: str, *, exact: bool = False) -> str:
    """sha256 of the content; `exact=False` zeroes the source mtime in timestamp-based .pyc headers."""
    h = hashlib.sha256()
    first = fh.read(_CHUNK)
    if not exact and path.endswith(".pyc") and len(first) >= 16 and first[2:4] == _PYC_MAGIC_TAIL:
        flags = int.from_bytes(first[4:8], "little")
        if flags == 0:  # timestamp-based (PEP 552): bytes 8-12 are the source mtime
            first = first[:8] + b"\0\0\0\0" + first[12:]
    while first:
        h.update(first)
        first = fh.read(_CHUNK)
    return h.hexdigest()


_KINDS = {
    tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink", tarfile.FIFOTYPE: "fifo",
    tarfile.CHRTYPE: "char", tarfile.BLKTYPE: "block",
}


def scan_tar(stream: IO[bytes], exclude: Iterable[str] = (), *, exact: bool = False) -> tuple[dict[str, PathFacts], int]:
    """Facts about every entry of a filesystem tar read as a stream, and how many were excluded.

    `exact`: hash contents byte for byte (level 2), .pyc headers included."""
    skip = (*RUNTIME_MOUNTS, *exclude)
    paths: dict[str, PathFacts] = {}
    excluded = 0
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for info in tar:
            path = normalise(info.name)
            if matches(path, skip):
                excluded += path not in RUNTIME_MOUNTS and not matches(path, RUNTIME_MOUNTS)
                continue
            xattrs = tuple(sorted((k[len("SCHILY.xattr."):], v) for k, v in info.pax_headers.items() if k.startswith("SCHILY.xattr.")))
            common = {"mode": info.mode & 0o7777, "uid": info.uid, "gid": info.gid, "xattrs": xattrs}
            if info.islnk():
                # A hard link is, to a run, the same file under a second name.
                target = paths.get(normalise(info.linkname))
                paths[path] = PathFacts("file", size=target.size if target else 0, sha256=target.sha256 if target else f"hardlink:{normalise(info.linkname)}", **common)
            elif info.isreg():
                fh = tar.extractfile(info)
                digest = hash_content(fh, path, exact=exact) if fh is not None else ""
                paths[path] = PathFacts("file", size=info.size, sha256=digest, **common)
            elif info.issym():
                paths[path] = PathFacts("symlink", size=0, link=info.linkname, **common)
            elif info.isdev():
                kind = _KINDS.get(info.type, "other")
                device = f"{info.devmajor},{info.devminor}" if kind in ("char", "block") else ""
                paths[path] = PathFacts(kind, size=0, device=device, **common)
            else:
                paths[path] = PathFacts(_KINDS.get(info.type, "other"), size=0, **common)
    return paths, excluded


class _ChunkStream(io.RawIOBase):
    """A file view of an iterator of byte chunks (the engine's export stream)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def chunk_reader(chunks: Iterable[bytes]) -> IO[bytes]:
    """A buffered file over the byte chunks the engine streams (export, save)."""
    return io.BufferedReader(_ChunkStream(chunks), _CHUNK)


def environment(client: docker.DockerClient, image: str, exclude: Iterable[str] = DEFAULT_EXCLUDE, *, exact: bool = False) -> Environment:
    """The environment digest of `image` (an id or a reference known to the engine).

    `exact=True` (with no exclude) is what level 2 compares: every byte of every file."""
    attrs = client.api.inspect_image(image)
    config = run_config(attrs)
    # Never started: the placeholder command only satisfies images that declare no Cmd.
    container = client.api.create_container(attrs["Id"], command=["taskgate-export"], network_disabled=True, labels={"dev.taskgate.purpose": "export"})
    try:
        stream = client.api.export(container["Id"], chunk_size=_CHUNK)
        paths, excluded = scan_tar(chunk_reader(stream), tuple(exclude), exact=exact)
    finally:
        client.api.remove_container(container["Id"], v=True, force=True)  # v: anonymous VOLUMEs too
    return Environment(canonical_digest(paths, config), paths, config, excluded)
