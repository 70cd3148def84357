"""Warm sandboxes: `WarmPool()(client, Job) -> Execution`, a drop-in for `container.execute`.

`docker run` of a fresh container costs about 0.3 s; `docker exec` into a running one about 0.07 s.
The pool keeps running containers per image, one per concurrent worker,, started with the same lockdown
as a fresh one (no network, read-only root filesystem, every capability dropped,
no-new-privileges, memory/CPU/pids/file-size limits, a real init), and runs each job in it:

1. as root (uid 0 without capabilities): empty /task and /out, unpack the job's files into /task
   (root-owned, 0755/0644: read-only for the command) and pre-create the report files (0666);
2. as nobody (65534): the command, from /task, with a wall-clock limit and a capped output;
3. as nobody: `kill -9 -1` (every process of that user, in one atomic sweep the kernel does
   under the task-list lock, so a fork bomb cannot outrun it), delete everything it owns in
   /tmp, /dev/shm, /task and /out, remove its System V IPC objects, and count what survived;
4. as root: read the report files.

Nothing is shared between jobs: the next job sees the files it brought and nothing else. If
anything survives step 3, the job hit the memory limit (the engine's OOM flag), or any step fails,
the container is thrown away and the next job gets a new one. What differs from a fresh container
(docs/reward.md, "Threat model"): the kernel objects of one container (its cgroup's CPU and page
cache statistics, its PID numbering) persist across jobs, so one job could learn timing facts
about an earlier one; neither can change what the other reads or the verdict.
"""

from __future__ import annotations

import io
import socket
import tarfile
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from taskgate.ci.sandbox.container import (
    LABEL,
    MIB,
    OUT_DIR,
    TASK_DIR,
    USER,
    Execution,
    Job,
    _line,
    _remove,
    _run_options,
    execute,
    tar_of,
)

if TYPE_CHECKING:
    import docker

ROOT = "0:0"
KEEP_ALIVE = ["sleep", "infinity"]
# Step 3. Prints the number of surviving processes and IPC objects of the user, then "clean" or
# "dirty"; exit status 0 either way (a missing tool is a dirty sandbox, never a crash).
SWEEP = r"""
kill -9 -1 2>/dev/null
for d in /tmp /dev/shm /task /out; do find "$d" -mindepth 1 -user 65534 -type d -exec chmod u+rwx {} + 2>/dev/null; done
find /tmp /dev/shm /task /out -depth -mindepth 1 -user 65534 -delete 2>/dev/null
ipcrm -a 2>/dev/null
n=0
for p in /proc/[0-9]*; do
  [ "${p#/proc/}" = "$$" ] && continue
  [ "$(stat -c %u "$p" 2>/dev/null)" = 65534 ] || continue
  grep -q '^State:[[:space:]]*Z' "$p/status" 2>/dev/null && continue
  n=$((n+1))
done
left=$(find /tmp /dev/shm -mindepth 1 2>/dev/null | head -n 1)
ipc=$(cat /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg 2>/dev/null | grep -cv '^ *key')
if [ "$n" = 0 ] && [ -z "$left" ] && [ "$ipc" = 0 ]; then echo clean; else echo "dirty: $n process(es), leftover ${left:-none}, $ipc ipc object(s)"; fi
"""
FILL = 'find /task /out -mindepth 1 -delete && tar -x -C /task -f - && for r in "$@"; do : > "/out/$r" && chmod 0666 "/out/$r"; done'
READ = 'cd /out && tar -c -f - -- "$@"'


class Dirty(Exception):
    """The container can no longer be trusted to start the next job clean."""


class WarmPool:
    """Callable like `container.execute`; thread-safe. A container serves one job at a time and
    goes back to its image's free list after a clean sweep, so there are as many containers per
    image as jobs ever ran at once (one per worker), whichever threads the caller uses."""

    def __init__(self) -> None:
        self._free: dict[tuple[str, Any], list[Any]] = {}
        self._busy: set[Any] = set()
        self._lock = threading.Lock()
        self.started = 0  # containers started (benchmarks and tests read these)
        self.recycled = 0  # containers thrown away after a dirty or failed job

    def __call__(self, client: docker.DockerClient, job: Job) -> Execution:
        if getattr(job, "supervised", False):
            return execute(client, job)  # a supervised run needs its supervisor as PID 1: fresh container
        key = (job.image, job.limits)
        started = time.monotonic()
        container = None
        try:
            container = self._acquire(client, key, job)
            result = _run(client, container, job)
        except Dirty as exc:
            self._discard(container)
            if isinstance(exc.args[0], Execution):
                return exc.args[0]
            return Execution("infra", detail=f"warm sandbox: {exc}", seconds=round(time.monotonic() - started, 3))
        except Exception as exc:  # noqa: BLE001 - engine failures are infra, never a verdict
            self._discard(container)
            return Execution("infra", detail=f"engine error: {_line(exc)}", seconds=round(time.monotonic() - started, 3))
        with self._lock:
            self._busy.discard(container)
            self._free.setdefault(key, []).append(container)
        return result

    def _acquire(self, client: docker.DockerClient, key: tuple[str, Any], job: Job) -> Any:
        with self._lock:
            free = self._free.get(key)
            if free:
                container = free.pop()
                self._busy.add(container)
                return container
        options = _run_options(job, "unused", "unused", {LABEL: "warm"})
        options.pop("volumes")
        options.pop("working_dir")
        lim = job.limits
        options["command"] = KEEP_ALIVE
        options["user"] = ROOT  # init and the keep-alive are root's, out of reach of the sweep's `kill -9 -1`
        options["tmpfs"] = {
            "/tmp": f"rw,nosuid,nodev,size={lim.tmpfs_mb}m,mode=1777",
            TASK_DIR: f"rw,nosuid,nodev,exec,size={lim.tmpfs_mb}m,mode=0755",
            OUT_DIR: f"rw,nosuid,nodev,noexec,size={lim.file_mb + 1}m,mode=0755",
        }
        container = client.containers.run(job.image, detach=True, **options)
        with self._lock:
            self.started += 1
            self._busy.add(container)
        return container

    def _discard(self, container: Any) -> None:
        if container is None:
            return
        with self._lock:
            self._busy.discard(container)
            self.recycled += 1
        _remove([container])

    def close(self) -> None:
        """Remove every idle container (call when no job is running)."""
        with self._lock:
            containers = [c for free in self._free.values() for c in free] + list(self._busy)
            self._free.clear()
            self._busy.clear()
        _remove(containers)


def _exec(client: docker.DockerClient, container: Any, argv: list[str], user: str, *, stdin: bytes | None = None,
          env: dict[str, str] | None = None, workdir: str | None = None, limit: int = 1 << 20,
          timeout: float | None = None, on_timeout: Callable[[], None] | None = None) -> tuple[int | None, bytes, bytes, bool]:
    """(exit code, stdout, stderr, timed out) of one exec; stdout and stderr keep at most `limit` bytes each."""
    api = client.api
    exec_id = api.exec_create(container.id, argv, stdin=stdin is not None, user=user, environment=env, workdir=workdir)["Id"]
    sock = api.exec_start(exec_id, socket=True)
    raw = getattr(sock, "_sock", sock)
    out, err = bytearray(), bytearray()
    timed_out = threading.Event()
    timer = None
    if timeout is not None and on_timeout is not None:
        def fire() -> None:
            timed_out.set()
            on_timeout()
        timer = threading.Timer(timeout, fire)
        timer.daemon = True
        timer.start()
    try:
        if stdin is not None:
            raw.sendall(stdin)
            raw.shutdown(socket.SHUT_WR)
        _demux(raw, out, err, limit)
    finally:
        if timer is not None:
            timer.cancel()
        sock.close()
    code = api.exec_inspect(exec_id).get("ExitCode")
    return code, bytes(out), bytes(err), timed_out.is_set()


def _demux(raw: Any, out: bytearray, err: bytearray, limit: int) -> None:
    """Docker's multiplexed stream (8-byte headers); keeps the LAST `limit` bytes of each stream."""
    buffer = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            return
        buffer += chunk
        while len(buffer) >= 8:
            size = int.from_bytes(buffer[4:8], "big")
            if len(buffer) < 8 + size:
                break
            target = err if buffer[0] == 2 else out
            target += buffer[8:8 + size]
            if len(target) > limit:
                del target[: len(target) - limit]
            buffer = buffer[8 + size:]


def _run(client: docker.DockerClient, container: Any, job: Job) -> Execution:
    code, _out, err, _ = _exec(client, container, ["sh", "-c", FILL, "fill", *job.reports], ROOT,
                               stdin=tar_of(job.files, job.modes, dirs=job.dirs, open_dirs=job.writable))
    if code != 0:
        raise Dirty(f"could not fill /task: {err.decode('utf-8', 'replace').strip()[:200]}")
    env = {"HOME": "/tmp", "TMPDIR": "/tmp", **job.env}

    def kill() -> None:
        _exec(client, container, ["sh", "-c", "kill -9 -1"], USER)

    started = time.monotonic()
    code, out, err_out, timed_out = _exec(client, container, job.argv, USER, env=env, workdir=TASK_DIR,
                                          limit=job.limits.output_kb * 1024, timeout=job.timeout, on_timeout=kill)
    seconds = round(time.monotonic() - started, 3)
    output = (out + err_out).decode("utf-8", "replace")
    _c, sweep, _e, _t = _exec(client, container, ["sh", "-c", SWEEP], USER)
    verdict = sweep.decode("utf-8", "replace").strip()
    reports = _reports(client, container, job) if job.reports else {}
    if code == 137 and not timed_out:
        container.reload()
        if container.attrs.get("State", {}).get("OOMKilled"):
            raise Dirty(Execution("oom", code, output, reports, seconds, f"killed by the kernel at the {job.limits.memory_mb} MiB memory limit"))
    if verdict != "clean":
        raise Dirty(Execution("infra", code, output, reports, seconds, f"warm sandbox not clean after the run ({verdict}); container replaced"))
    if timed_out:
        return Execution("timeout", None, output, reports, seconds, f"killed after the {job.timeout:g}s wall-clock limit")
    if code is None:
        raise Dirty("the engine lost the exit status")
    return Execution("exited", int(code), output, reports, seconds)


def _reports(client: docker.DockerClient, container: Any, job: Job) -> dict[str, bytes]:
    limit = job.limits.file_mb * MIB
    code, data, err, _ = _exec(client, container, ["sh", "-c", READ, "read", *job.reports], ROOT, limit=limit * len(job.reports) + MIB)
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():
                handle = tar.extractfile(member) if member.isfile() else None
                if handle is not None:
                    found[member.name.removeprefix("./")] = handle.read(limit)
    except tarfile.TarError:
        if code == 0:
            raise Dirty(f"unreadable reports: {err.decode('utf-8', 'replace').strip()[:200]}") from None
    return {name: found.get(name, b"") for name in job.reports}
