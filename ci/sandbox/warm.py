"""Warm sandboxes: `WarmPool()(client, Job) -> Execution`, a drop-in for `container.execute`.

`docker run` of a fresh container costs about 0.3 s; `docker exec` into a running one about 0.07 s.
The pool keeps running containers per image, one per concurrent worker, started with the same lockdown
as a fresh one (no network, read-only root filesystem, no-new-privileges, memory/CPU/pids/file-size
limits, a real init) and every capability dropped: for supervised jobs (pytest) all but CAP_SETUID
and CAP_SETGID, which only root's processes ever hold. A supervised job takes two execs, any other three:

1. as root: empty /task and /out, unpack the job's files into /task (root-owned, 0755/0644:
   read-only for the command) and pre-create the report files (0666). A supervised job goes on in
   the same exec: the supervisor (ci/sandbox/taskgate_supervisor.py) stays root, starts the
   command as nobody (65534, which drops every capability the child had), relays the witness's
   evidence on the exec's stdout, enforces the wall-clock limit and, when the command has ended,
   kills every process of nobody. A process of nobody cannot signal, trace or read the /proc
   files of a root process, so it cannot silence or forge that evidence. Any other job runs its
   command as nobody in a second exec, with the wall-clock limit (on expiry `kill -9 -1` as nobody);
2. as nobody: `kill -9 -1` (every process of that user, in one atomic sweep the kernel does
   under the task-list lock, so a fork bomb cannot outrun it), delete everything it owns in
   /tmp, /dev/shm, /task and /out, remove its System V IPC objects, count what survived, and
   read the report files (root-owned, so they are the command's last writes, whole).

Nothing is shared between jobs: the next job sees the files it brought and nothing else. If
anything survives step 2, the kernel killed a process at the memory limit, a step fails, or a
command outlives its wall-clock limit by GRACE seconds, the container is thrown away and the next
job gets a new one. What differs from a fresh container (docs/reward.md, "Threat model"): the kernel
objects of one container (its cgroup's CPU and page cache statistics, its PID numbering) persist
across jobs, so one job could learn timing facts about an earlier one; neither can change what the
other reads or the verdict.
"""

from __future__ import annotations

import io
import socket
import tarfile
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from taskgate.ci.sandbox import evidence
from taskgate.ci.sandbox.container import (
    LABEL,
    MIB,
    OUT_DIR,
    TASK_DIR,
    USER,
    Execution,
    Job,
    _remove,
    _run_options,
    engine_failure,
    tar_of,
)

if TYPE_CHECKING:
    import docker

ROOT = "0:0"
KEEP_ALIVE = ["sleep", "infinity"]
SUPERVISOR_CAPS = ["SETUID", "SETGID"]  # what the root supervisor needs to start the tests as nobody
RUN_AS, SUPERVISOR_TIMEOUT = "TASKGATE_SUPERVISOR_AS", "TASKGATE_SUPERVISOR_TIMEOUT"  # read by taskgate_supervisor.py
GRACE = 10.0  # seconds a command may outlive its wall-clock limit before the container is removed
EVIDENCE_LIMIT = 40 * MIB  # the supervisor's line: at most 32 MiB of events, and their frame
FILLED = b"taskgate-filled\n"
# Step 1, as root: $1 report names follow, then (optionally) the command to run in this exec.
FILL = r"""
n=$1; shift
find /task /out -mindepth 1 -delete && tar -x -C /task -f - || exit 1
while [ "$n" -gt 0 ]; do : > "/out/$1" && chmod 0666 "/out/$1" || exit 1; shift; n=$((n-1)); done
echo taskgate-filled
[ $# -eq 0 ] || exec "$@"
"""
# Step 2, as nobody. Prints "clean", "oom" (the kernel killed a process of this container at its
# memory limit: the cgroup's counter, v2 or v1; the engine flags OOM kills of its own processes
# only, never of an exec's) or "dirty: why" on the first line of stdout, then a tar of the report
# files named as arguments; exit status 0 either way (a missing tool is a dirty sandbox, never a crash).
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
oom=$(cat /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null | sed -n 's/^oom_kill //p' | head -n 1)
if [ "${oom:-0}" != 0 ]; then echo oom
elif [ "$n" = 0 ] && [ -z "$left" ] && [ "$ipc" = 0 ]; then echo clean; else echo "dirty: $n process(es), leftover ${left:-none}, $ipc ipc object(s)"; fi
[ $# -eq 0 ] || { cd /out && exec tar -c -f - -- "$@"; }
"""


class Dirty(Exception):
    """The container can no longer be trusted to start the next job clean."""


class WarmPool:
    """Callable like `container.execute`; thread-safe. A container serves one job at a time and
    goes back to its free list after a clean sweep, so there are as many containers per image (and
    kind: supervised or not) as jobs ever ran at once (one per worker), whichever threads the caller uses."""

    def __init__(self) -> None:
        self._free: dict[tuple[str, Any, bool], list[Any]] = {}
        self._busy: set[Any] = set()
        self._lock = threading.Lock()
        self.started = 0  # containers started (benchmarks and tests read these)
        self.recycled = 0  # containers thrown away after a dirty or failed job

    def __call__(self, client: docker.DockerClient, job: Job) -> Execution:
        key = (job.image, job.limits, job.supervised)
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
            return engine_failure(job, exc, started)
        with self._lock:
            self._busy.discard(container)
            self._free.setdefault(key, []).append(container)
        return result

    def _acquire(self, client: docker.DockerClient, key: tuple[str, Any, bool], job: Job) -> Any:
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
        options["init"] = True  # reaps what the jobs leave; a supervisor here is an exec, never PID 1
        if job.supervised:
            options["cap_add"] = SUPERVISOR_CAPS  # on top of cap_drop ALL; the tests never hold them
        options["tmpfs"] = {
            "/tmp": options["tmpfs"]["/tmp"],  # type: ignore[index]
            TASK_DIR: f"rw,nosuid,nodev,exec,size={lim.tmpfs_mb}m,mode=0755",
            OUT_DIR: f"rw,nosuid,nodev,noexec,size={lim.file_mb + 1}m,mode=0755",
        }
        container = client.containers.create(job.image, **options)  # never `run`: it would pull a missing image
        try:
            container.start()
        except Exception:
            _remove([container])
            raise
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
          env: dict[str, str] | None = None, workdir: str | None = None, limits: tuple[int, int] = (MIB, MIB),
          deadlines: Sequence[tuple[float, Callable[[], object]]] = ()) -> tuple[int | None, bytes, bytes, int]:
    """(exit code, stdout, stderr, how many deadlines passed) of one exec. stdout and stderr keep at
    most `limits` bytes each (their tails). Each deadline's action runs if the exec is still going
    that many seconds after it started; an action that removes the container ends the exec (code None)."""
    api = client.api
    exec_id = api.exec_create(container.id, argv, stdin=stdin is not None, user=user, environment=env, workdir=workdir)["Id"]
    sock = api.exec_start(exec_id, socket=True)
    raw = getattr(sock, "_sock", sock)
    out, err = bytearray(), bytearray()
    passed: list[float] = []

    def fire(after: float, action: Callable[[], object]) -> None:
        passed.append(after)
        try:
            action()
        except Exception:  # noqa: BLE001, S110 - e.g. no pid left for the kill; the next deadline or the sweep decides
            pass

    timers = [threading.Timer(after, fire, (after, action)) for after, action in deadlines]
    for timer in timers:
        timer.daemon = True
        timer.start()
    try:
        if stdin is not None:
            raw.sendall(stdin)
            raw.shutdown(socket.SHUT_WR)
        _demux(raw, out, err, limits)
    finally:
        for timer in timers:
            timer.cancel()
        sock.close()
    try:
        code = api.exec_inspect(exec_id).get("ExitCode")
    except Exception:  # the container is gone: only after a deadline removed it
        if not passed:
            raise
        code = None
    return code, bytes(out), bytes(err), len(passed)


def _demux(raw: Any, out: bytearray, err: bytearray, limits: tuple[int, int]) -> None:
    """Docker's multiplexed stream (8-byte headers); keeps the LAST `limits` bytes of stdout, stderr."""
    buffer = b""
    while True:
        try:
            chunk = raw.recv(65536)
        except OSError:  # the container was removed under the exec
            return
        if not chunk:
            return
        buffer += chunk
        while len(buffer) >= 8:
            size = int.from_bytes(buffer[4:8], "big")
            if len(buffer) < 8 + size:
                break
            target, limit = (err, limits[1]) if buffer[0] == 2 else (out, limits[0])
            target += buffer[8:8 + size]
            if len(target) > limit:
                del target[: len(target) - limit]
            buffer = buffer[8 + size:]


def _filled(out: bytes, err: bytes) -> bytes:
    """What the exec printed after step 1's mark; Dirty when /task could not be filled."""
    if not out.startswith(FILLED):
        raise Dirty(f"could not fill /task: {err.decode('utf-8', 'replace').strip()[:200]}")
    return out[len(FILLED):]


def _run(client: docker.DockerClient, container: Any, job: Job) -> Execution:
    env = {"HOME": "/tmp", "TMPDIR": "/tmp", **job.env}
    files = tar_of(job.files, job.modes, dirs=job.dirs, open_dirs=job.writable)
    fill = ["sh", "-c", FILL, "fill", str(len(job.reports)), *job.reports]
    output_limit = job.limits.output_kb * 1024
    stop = (job.timeout + GRACE, lambda: _remove([container]))
    started = time.monotonic()
    if job.supervised:  # fill, then the supervisor, in one exec as root; it enforces the time limit
        env.update({RUN_AS: USER, SUPERVISOR_TIMEOUT: f"{job.timeout:g}"})
        deadlines = [stop]
        code, out, err, passed = _exec(client, container, [*fill, *job.argv], ROOT, stdin=files, env=env, workdir=TASK_DIR,
                                       limits=(EVIDENCE_LIMIT, output_limit), deadlines=deadlines)
        seen = _filled(out, err).decode("utf-8", "replace")
        output = err.decode("utf-8", "replace")
        timed_out = passed > 0 or (evidence.read(seen) or {}).get("timed_out") is True
    else:
        _c, out, err, _p = _exec(client, container, fill, ROOT, stdin=files)
        _filled(out, err)
        started = time.monotonic()
        deadlines = [(job.timeout, lambda: _exec(client, container, ["sh", "-c", "kill -9 -1"], USER)), stop]
        code, out, err, passed = _exec(client, container, job.argv, USER, env=env, workdir=TASK_DIR,
                                       limits=(output_limit, output_limit), deadlines=deadlines)
        seen, output, timed_out = "", (out + err).decode("utf-8", "replace"), passed > 0
    seconds = round(time.monotonic() - started, 3)
    limit_hit = f"killed after the {job.timeout:g}s wall-clock limit"
    if passed == len(deadlines):  # the last one passed: the container itself had to go
        raise Dirty(Execution("timeout", None, output, {}, seconds, f"{limit_hit}; the container was removed", seen))
    verdict, reports = _sweep(client, container, job)
    if verdict == "oom" or (code == 137 and not timed_out and _engine_saw_oom(container)):
        raise Dirty(Execution("oom", code, output, reports, seconds, f"killed by the kernel at the {job.limits.memory_mb} MiB memory limit", seen))
    if verdict != "clean":
        raise Dirty(Execution("infra", code, output, reports, seconds, f"warm sandbox not clean after the run ({verdict}); container replaced", seen))
    if timed_out:
        return Execution("timeout", None, output, reports, seconds, limit_hit, seen)
    if code is None:
        raise Dirty("the engine lost the exit status")
    return Execution("exited", int(code), output, reports, seconds, evidence=seen)


def _engine_saw_oom(container: Any) -> bool:
    """The engine's OOM flag: the fallback where the sweep cannot read the cgroup's counter."""
    container.reload()
    return bool(container.attrs.get("State", {}).get("OOMKilled"))


def _sweep(client: docker.DockerClient, container: Any, job: Job) -> tuple[str, dict[str, bytes]]:
    """Step 2: the sweep's verdict ("clean" or why not) and the report files."""
    limit = job.limits.file_mb * MIB
    code, out, err, _ = _exec(client, container, ["sh", "-c", SWEEP, "sweep", *job.reports], USER, limits=(limit * len(job.reports) + MIB, MIB))
    verdict, _nl, data = out.partition(b"\n")
    if not job.reports:
        return verdict.decode("utf-8", "replace").strip(), {}
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
    return verdict.decode("utf-8", "replace").strip(), {name: found.get(name, b"") for name in job.reports}
