"""Shifting the clock of a run with libfaketime, from the image or else from the host's package.

libfaketime is an LD_PRELOAD library: it works in any dynamically linked glibc program, so an
image need not contain it. When the image has none, the host's copy (Debian: `apt-get install
libfaketime`) is put read-only beside the task files (`/task/.taskgate/lib`, a read-only volume,
so a remote engine works too) and preloaded. That needs, in the image, the glibc dynamic loader
of the library's architecture, and a glibc at least as new as the versions the library was
linked against. musl-based and static images (busybox, distroless/static, Go binaries) cannot
preload it: their runs say so, with the reason, instead of pretending.
"""

from __future__ import annotations

import functools
import glob
import io
import os
import re
import tarfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import docker

# Where distributions put it; TASKGATE_LIBFAKETIME names another file.
IMAGE_PATHS = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/lib64/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)
IN_TASK = ".taskgate/lib/libfaketime.so.1"  # relative to /task
# ELF e_machine -> the glibc loader that architecture's programs use, and musl's.
_LOADERS = {62: "/lib64/ld-linux-x86-64.so.2", 183: "/lib/ld-linux-aarch64.so.1"}
_MUSL = {62: "/lib/ld-musl-x86_64.so.1", 183: "/lib/ld-musl-aarch64.so.1"}
_NEEDS = re.compile(rb"GLIBC_2\.(\d+)")
_RELEASE = re.compile(rb"release version 2\.(\d+)")
_MAX_LIB = 16 << 20


@dataclass(frozen=True)
class HostLibrary:
    path: str
    data: bytes
    machine: int  # ELF e_machine
    glibc_minor: int  # the newest GLIBC_2.N symbol version it needs


@dataclass(frozen=True)
class Clock:
    """How runs of one image get a shifted clock: `preload` is the path to LD_PRELOAD, or ""."""

    preload: str
    source: str  # "image" | "host" | ""
    reason: str = ""  # why not, when preload is ""


@functools.cache
def host_library() -> HostLibrary | None:
    """The host's libfaketime, read once per process, or None when there is none."""
    forced = os.environ.get("TASKGATE_LIBFAKETIME")
    candidates = [forced] if forced else [*IMAGE_PATHS, *sorted(glob.glob("/usr/lib*/*/faketime/libfaketime.so.1"))]
    for path in candidates:
        try:
            with open(path, "rb") as fh:
                data = fh.read(_MAX_LIB)
        except OSError:
            continue
        if data[:4] != b"\x7fELF" or len(data) < 20:
            continue
        machine = int.from_bytes(data[18:20], "little" if data[5] == 1 else "big")
        needs = [int(m) for m in _NEEDS.findall(data)]
        return HostLibrary(path, data, machine, max(needs, default=0))
    return None


def _read(client: docker.DockerClient, container: str, path: str, hops: int = 8) -> bytes | None:
    """A regular file of a created container, symlinks followed; None when it is not there."""
    import docker.errors

    for _ in range(hops):
        try:
            stream, _stat = client.api.get_archive(container, path)
            raw = b"".join(stream)
        except docker.errors.NotFound:
            return None
        with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
            member = next(iter(tar.getmembers()), None)
            if member is None:
                return None
            if member.issym():
                target = member.linkname
                path = target if target.startswith("/") else os.path.normpath(os.path.join(os.path.dirname(path), target))
                continue
            handle = tar.extractfile(member) if member.isfile() else None
            return handle.read() if handle is not None else None
    return None


def clock(client: docker.DockerClient, container: str, in_image: str) -> Clock:
    """How to shift the clock in the image of `container` (created, never started).

    `in_image`: the path of the image's own libfaketime, or ""."""
    if in_image:
        return Clock(in_image, "image")
    host = host_library()
    if host is None:
        return Clock("", "", "libfaketime is neither in the image nor on this machine (Debian: apt-get install libfaketime)")
    loader = _LOADERS.get(host.machine)
    if loader is None:
        return Clock("", "", f"the host's libfaketime ({host.path}) is for an architecture taskgate does not know (ELF machine {host.machine})")
    loader_bytes = _read(client, container, loader)
    if loader_bytes is None:
        musl = _read(client, container, _MUSL[host.machine]) is not None
        kind = "a musl libc" if musl else f"no glibc dynamic loader ({loader}): static binaries or another libc"
        return Clock("", "", f"the image has {kind}, so LD_PRELOAD cannot load libfaketime into its programs")
    release = _RELEASE.search(loader_bytes)
    if release and int(release.group(1)) < host.glibc_minor:
        return Clock("", "", f"the image's glibc 2.{int(release.group(1))} is older than the 2.{host.glibc_minor} the host's libfaketime needs; install libfaketime in the image")
    return Clock(f"/task/{IN_TASK}", "host")

