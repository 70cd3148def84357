"""One untrusted command in a fresh, locked-down container: `execute(client, Job) -> Execution`.

The container: no network, read-only root filesystem, a small writable tmpfs at /tmp (mounted
exec: compiled languages build their test program there and run it), a non-root user, every
capability dropped, no-new-privileges, memory (no swap), CPU and pids limits, a file-size
ulimit, a log capped by the engine, and a hard wall-clock limit.

Files get in through a data volume, not bind mounts, so the engine may run elsewhere (a remote
or Docker-in-Docker daemon). The `/task` volume is filled while it is mounted read-write in a
container that is never started, then mounted READ-ONLY in the container that runs the command:
nothing the command does can change the tests, the candidate or add a conftest.py anywhere
under /task. Reports come back through a second volume at `/out` whose directory is root-owned
and read-only for the command; only the report files the runner pre-creates (mode 0666) are
writable, so a command cannot fill the disk with new files there, and each file is bounded by
the file-size ulimit. `writable` directories (mutation runs) are tmpfs mounts over /task/<dir>.
"""

from __future__ import annotations

import io
import tarfile
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import docker

TASK_DIR = "/task"
OUT_DIR = "/out"
USER = "65534:65534"  # nobody:nogroup, present in Debian-based images; numeric, so no /etc/passwd is needed
LABEL = "dev.taskgate.sandbox"
MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 512
    cpus: float = 1.0
    pids: int = 128
    tmpfs_mb: int = 64
    output_kb: int = 1024  # the engine keeps at most this much of the log (the tail)
    file_mb: int = 64  # RLIMIT_FSIZE: the largest file the command may write (reports included)

    @classmethod
    def from_config(cls, section: Mapping[str, object]) -> Limits:
        known = {k: v for k, v in section.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Job:
    image: str
    argv: list[str]
    files: dict[str, bytes]  # path relative to /task -> content (directories are implied)
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0
    reports: tuple[str, ...] = ()  # file names under /out the command may write
    writable: tuple[str, ...] = ()  # directories under /task that get a tmpfs (start empty)
    limits: Limits = Limits()
    modes: dict[str, int] = field(default_factory=dict)  # path -> mode (default 0644)
    dirs: tuple[str, ...] = ()  # directories under /task to create even when empty
    # argv starts taskgate's supervisor, and stdout is its evidence: in a fresh container it is PID 1
    # (no init); in a warm one an exec as root that starts the command as the test user (warm.py)
    supervised: bool = False


@dataclass
class Execution:
    """What happened. `status`: exited | timeout | oom | infra (the engine failed us)."""

    status: str
    exit_code: int | None = None
    output: str = ""
    reports: dict[str, bytes] = field(default_factory=dict)
    seconds: float = 0.0
    detail: str = ""
    evidence: str = ""  # a supervised job's stdout: written by the supervisor alone

    @property
    def infra(self) -> bool:
        return self.status != "exited"


def tar_of(files: Mapping[str, bytes], modes: Mapping[str, int] | None = None, dirs: Iterable[str] = (), open_dirs: Iterable[str] = ()) -> bytes:
    """An uncompressed tar of `files` owned by root, with parent directories (0755) included.

    `open_dirs` get mode 1777: a tmpfs mounted there takes the mode of the directory under it."""
    modes = modes or {}
    sticky = set(open_dirs)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        seen: set[str] = set()

        def add_dir(path: str) -> None:
            if path and path not in seen:
                seen.add(path)
                info = tarfile.TarInfo(path)
                info.type, info.mode = tarfile.DIRTYPE, 0o1777 if path in sticky else 0o755
                tar.addfile(info)

        for directory in sorted({*dirs, *sticky}):
            parts = directory.split("/")
            for depth in range(1, len(parts) + 1):
                add_dir("/".join(parts[:depth]))
        for rel in sorted(files):
            parts = rel.split("/")
            for depth in range(1, len(parts)):
                add_dir("/".join(parts[:depth]))
            info = tarfile.TarInfo(rel)
            info.size, info.mode = len(files[rel]), modes.get(rel, 0o644)
            tar.addfile(info, io.BytesIO(files[rel]))
    return buffer.getvalue()


def _read_report(container: docker.models.containers.Container, name: str, limit: int) -> bytes:
    import docker.errors

    try:
        chunks, _stat = container.get_archive(f"{OUT_DIR}/{name}")
    except docker.errors.NotFound:
        return b""
    raw = b"".join(chunks)
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                return handle.read(limit) if handle is not None else b""
    return b""


def execute(client: docker.DockerClient, job: Job) -> Execution:
    """Run `job` once. Engine failures come back as status "infra", never as an exception."""
    import docker.errors
    import requests.exceptions

    run_id = uuid.uuid4().hex[:12]
    labels = {LABEL: run_id}
    created: list[object] = []
    started = time.monotonic()
    try:
        task_volume = client.volumes.create(labels=labels)
        created.append(task_volume)
        out_volume = client.volumes.create(labels=labels)
        created.append(out_volume)
        _fill(client, job, task_volume.name, out_volume.name, labels)
        container = client.containers.create(job.image, **_run_options(job, task_volume.name, out_volume.name, labels))
        created.insert(0, container)
        container.start()
        started = time.monotonic()
        try:
            result = container.wait(timeout=job.timeout)
            timed_out = False
        except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
            timed_out = True
            container.kill()
            container.wait(timeout=30)
        seconds = round(time.monotonic() - started, 3)
        container.reload()
        state = container.attrs.get("State", {})
        output = container.logs(stdout=True, stderr=True, tail=2000).decode("utf-8", "replace")
        evidence = ""
        if job.supervised:  # the test process writes only to stderr; stdout is the supervisor's
            output = container.logs(stdout=False, stderr=True, tail=2000).decode("utf-8", "replace")
            evidence = container.logs(stdout=True, stderr=False).decode("utf-8", "replace")
        reports = {name: _read_report(container, name, job.limits.file_mb * MIB) for name in job.reports}
        if timed_out:
            return Execution("timeout", None, output, reports, seconds, f"killed after the {job.timeout:g}s wall-clock limit", evidence)
        if state.get("OOMKilled"):
            return Execution("oom", result.get("StatusCode"), output, reports, seconds, f"killed by the kernel at the {job.limits.memory_mb} MiB memory limit", evidence)
        return Execution("exited", int(result.get("StatusCode", -1)), output, reports, seconds, evidence=evidence)
    except (docker.errors.DockerException, requests.exceptions.RequestException, OSError) as exc:
        return engine_failure(job, exc, started)
    finally:
        _remove(created)


def engine_failure(job: Job, exc: BaseException, started: float) -> Execution:
    """An engine error as an infrastructure result (a missing image says so)."""
    import docker.errors

    detail = f"image {job.image} not found: {_line(exc)}" if isinstance(exc, docker.errors.ImageNotFound) else f"engine error: {_line(exc)}"
    return Execution("infra", detail=detail, seconds=round(time.monotonic() - started, 3))


def _fill(client: docker.DockerClient, job: Job, task_volume: str, out_volume: str, labels: dict[str, str]) -> None:
    """Copy the files into the volumes through a container that is created but never started."""
    loader = client.containers.create(
        job.image, command=["taskgate-never-started"], network_disabled=True, labels=labels,
        volumes={task_volume: {"bind": TASK_DIR, "mode": "rw"}, out_volume: {"bind": OUT_DIR, "mode": "rw"}},
    )
    try:
        loader.put_archive(TASK_DIR, tar_of(job.files, job.modes, dirs=job.dirs, open_dirs=job.writable))
        if job.reports:
            loader.put_archive(OUT_DIR, tar_of({name: b"" for name in job.reports}, {name: 0o666 for name in job.reports}))
    finally:
        loader.remove(force=True)


def _run_options(job: Job, task_volume: str, out_volume: str, labels: dict[str, str]) -> dict[str, object]:
    lim = job.limits
    tmpfs = {"/tmp": f"rw,exec,nosuid,nodev,size={lim.tmpfs_mb}m,mode=1777"}  # exec: compiled test programs run from /tmp
    for directory in job.writable:  # its mode (1777) comes from the directory it covers
        tmpfs[f"{TASK_DIR}/{directory}"] = f"rw,nosuid,nodev,size={lim.tmpfs_mb}m"
    import docker.types

    return {
        "command": job.argv,
        "working_dir": TASK_DIR,
        "user": USER,
        "environment": {"HOME": "/tmp", "TMPDIR": "/tmp", **job.env},
        "labels": labels,
        "network_mode": "none",
        "read_only": True,
        "tmpfs": tmpfs,
        "volumes": {task_volume: {"bind": TASK_DIR, "mode": "ro"}, out_volume: {"bind": OUT_DIR, "mode": "rw"}},
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "mem_limit": f"{lim.memory_mb}m",
        "memswap_limit": f"{lim.memory_mb}m",
        "nano_cpus": int(lim.cpus * 1e9),
        "pids_limit": lim.pids,
        "ulimits": [
            docker.types.Ulimit(name="fsize", soft=lim.file_mb * MIB, hard=lim.file_mb * MIB),
            docker.types.Ulimit(name="nofile", soft=1024, hard=1024),
            docker.types.Ulimit(name="core", soft=0, hard=0),
        ],
        # A real PID 1 reaps zombies and forwards the kill; a supervised job's supervisor is that
        # PID 1 itself, so no process of the container can kill it or open its stdout.
        "init": not job.supervised,
        "log_config": docker.types.LogConfig(type="json-file", config={"max-size": f"{lim.output_kb}k", "max-file": "1"}),
        "ipc_mode": "private",
    }


def _remove(objects: list[object]) -> None:
    for obj in objects:
        try:
            obj.remove(force=True)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - cleanup must never mask the result; `taskgate` labels allow a sweep
            pass


def _line(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "explanation", None) or exc).split())
    return text if len(text) <= 200 else text[:197] + "..."
