"""Level 2 through buildah: no-cache builds whose image digests are reproducible, then loaded into Docker.

`buildah bud --timestamp N` writes N as the `created` time of the image and of every history
entry, and as the mtime of every file it commits, so two builds of a deterministic Dockerfile
give the same image id (the digest of the image config, which names every layer's diff id).
Measured with buildah 1.28 (Debian bookworm) as root with `--storage-driver vfs --isolation
chroot`: no daemon, no kernel overlay support needed.

`--layers` keeps one layer and one history entry per instruction, as Docker's classic builder
does, so a path that differs can be traced to its step (steps.py) the same way.

Each verification gets its own storage root (a temporary directory): nothing is shared with
other builds on the machine, no cache can leak in, and the base image is pulled once for both
builds. The image the runs use is copied into the Docker engine with `buildah push
docker-daemon:`; Docker keeps the config bytes, so its image id is the digest buildah proved, and
the caller checks that it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from taskgate.ci.images.build import CONTEXT_MTIME, DOCKERFILE, LABEL_HASH, LABEL_TASK, BuildError, BuildResult, context_tar
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import task_hash

NAME = "buildah"
SOURCE_DATE_EPOCH = CONTEXT_MTIME
# Registries without TLS are the loopback ones a CI machine runs; anything else keeps TLS.
_INSECURE_PREFIXES = ("127.", "localhost:", "localhost/", "[::1]")


@dataclass(frozen=True)
class Storage:
    """One private buildah storage root; `argv` is the global options every command needs."""

    root: Path

    @property
    def argv(self) -> list[str]:
        return [
            _binary(), "--root", str(self.root / "root"), "--runroot", str(self.root / "run"),
            "--storage-driver", storage_driver(self.root),
        ]


def storage_driver(directory: Path) -> str:
    """`overlay` where the kernel has it and `directory` is not itself on overlayfs (a container's
    root), else `vfs`, which works everywhere but copies every layer in full (about 4x slower for
    a Debian image). TASKGATE_BUILDAH_DRIVER overrides. The driver never changes the digests."""
    forced = os.environ.get("TASKGATE_BUILDAH_DRIVER")
    if forced in ("overlay", "vfs"):
        return forced
    try:
        kernel = Path("/proc/filesystems").read_text()
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return "vfs"
    if not any(line.split()[-1:] == ["overlay"] for line in kernel.splitlines()) or os.geteuid() != 0:
        return "vfs"
    target = str(directory.resolve())
    best, kind = "", ""
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and (target == fields[1] or target.startswith(fields[1].rstrip("/") + "/")) and len(fields[1]) >= len(best):
            best, kind = fields[1], fields[2]
    return "vfs" if kind in ("overlay", "") else "overlay"


def _binary() -> str:
    return shutil.which(NAME) or NAME


def _run(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BUILDAH_ISOLATION": "chroot"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False, env=env)


def version() -> str | None:
    """`buildah version`'s number when buildah is installed and answers, else None."""
    if shutil.which(NAME) is None:
        return None
    try:
        proc = _run([_binary(), "version", "--json"], timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    import json

    try:
        return str(json.loads(proc.stdout).get("version") or "unknown")
    except ValueError:
        return "unknown"


def unavailable_reason() -> str | None:
    """Why buildah cannot build here (one line), or None when it can."""
    if shutil.which(NAME) is None:
        return "buildah is not installed (Debian: apt-get install buildah)"
    if version() is None:
        return "buildah is installed but `buildah version` fails"
    if os.geteuid() != 0 and not Path("/etc/subuid").exists():
        return "buildah needs root, or /etc/subuid for rootless builds, and neither is there"
    return None


@contextmanager
def storage() -> Iterator[Storage]:
    """A private storage root, removed afterwards with everything built in it."""
    tmp = Path(tempfile.mkdtemp(prefix="taskgate-buildah-"))
    try:
        yield Storage(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _insecure_from(dockerfile: str) -> bool:
    """Whether a FROM names a loopback registry, which serves plain HTTP."""
    for line in dockerfile.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "FROM":
            image = next((w for w in words[1:] if not w.startswith("--")), "")
            if image.startswith(_INSECURE_PREFIXES):
                return True
    return False


def _context_dir(task: Task, target: Path) -> None:
    context = context_tar(task)
    try:
        with tarfile.open(fileobj=context, mode="r:") as tar:
            tar.extractall(target, filter="tar")  # normalised modes and mtimes are kept
    except (tarfile.TarError, OSError) as exc:
        raise BuildError(f"{task.path(DOCKERFILE)}: cannot prepare the build context: {' '.join(str(exc).split())[:200]}") from exc
    finally:
        context.close()


def build(task: Task, where: Storage, *, tag: str, timeout: float = 1800) -> BuildResult:
    """A no-cache buildah build of `task` with pinned timestamps, one layer per instruction."""
    content_hash, files = task_hash(task)
    text = task.text(DOCKERFILE)
    dockerfile = text if isinstance(text, str) else ""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="taskgate-context-") as tmp:
        context = Path(tmp) / "context"
        _context_dir(task, context)
        iidfile = Path(tmp) / "iid"
        argv = [
            *where.argv, "bud", "--isolation", "chroot", "--no-cache", "--layers",
            "--timestamp", str(SOURCE_DATE_EPOCH), "--format", "oci",
            # Reaches RUN steps of a Dockerfile that declares `ARG SOURCE_DATE_EPOCH` (pip and
            # py_compile then write hash-based .pyc files instead of ones stamped with the time).
            "--build-arg", f"SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}",
            "--label", f"{LABEL_TASK}={task.id}", "--label", f"{LABEL_HASH}={content_hash}",
            "--iidfile", str(iidfile), "-t", tag, "-f", str(context / DOCKERFILE),
        ]
        if _insecure_from(dockerfile):
            argv.append("--tls-verify=false")
        argv.append(str(context))
        try:
            proc = _run(argv, timeout)
        except subprocess.TimeoutExpired as exc:
            raise BuildError(f"{task.path(DOCKERFILE)}: buildah build timed out after {timeout:.0f}s") from exc
        log = proc.stdout + proc.stderr
        if proc.returncode != 0 or not iidfile.exists():
            last = next((line for line in reversed(log.splitlines()) if line.strip()), "no output")
            raise BuildError(f"{task.path(DOCKERFILE)}: build failed: {' '.join(last.split())[:300]}", log)
        image_id = iidfile.read_text().strip()
    if not image_id.startswith("sha256:"):
        image_id = f"sha256:{image_id}"
    return BuildResult(task.id, content_hash, tag, image_id, log, round(time.monotonic() - started, 3), files)


def to_docker(where: Storage, image_id: str, tag: str, timeout: float = 900) -> None:
    """Copy a built image into the Docker engine (DOCKER_HOST is honoured) under `tag`."""
    argv = [*where.argv, "push", "--quiet", image_id.removeprefix("sha256:"), f"docker-daemon:{tag}"]
    try:
        proc = _run(argv, timeout)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"copying {image_id[:19]} into the Docker engine timed out after {timeout:.0f}s") from exc
    if proc.returncode != 0:
        last = next((line for line in reversed((proc.stdout + proc.stderr).splitlines()) if line.strip()), "no output")
        raise BuildError(f"copying {image_id[:19]} into the Docker engine failed: {' '.join(last.split())[:300]}")
