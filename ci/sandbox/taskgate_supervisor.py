"""The container's PID 1 for witnessed pytest runs: it runs the tests as a child and reports what
it saw on the container's stdout, which nothing else in the container can write.

Stdlib only; runs INSIDE the sandbox (`python3 /task/.taskgate/py/taskgate_supervisor.py ARGV...`).

- Before starting the child it makes itself non-dumpable, so a process of the same user cannot
  open /proc/1/fd/* (the container's stdout) or ptrace it; as PID 1 of the namespace it cannot
  be killed from inside (SIGKILL from the namespace is ignored), and it ignores SIGINT/SIGTERM.
- The child gets stdin from /dev/null and one pipe for stdout+stderr (forwarded to the
  container's stderr, capped); the witness plugin (taskgate_witness.py) gets an event pipe and a
  second pipe holding a random key, which the plugin reads and closes when pytest loads it,
  before any candidate code is imported. Every event carries a sequence number and an HMAC.
- It reaps orphans (it is init), and when the child exits it reads what the event pipe already
  holds and stops listening: a process left behind cannot add evidence afterwards.

The single stdout line `TASKGATE-EVIDENCE {json}` holds the authenticated event payloads, the
problems found on the channel and the child's exit status. The host judges it (ci/sandbox/evidence.py).

In a warm sandbox (ci/sandbox/warm.py) it is not PID 1 but a `docker exec` as root, in a container
whose only capabilities are CAP_SETUID and CAP_SETGID, with no-new-privileges. There
`TASKGATE_SUPERVISOR_AS=UID:GID` makes it start the child as that user (supplementary groups
dropped, then gid, then uid: the kernel clears the child's capabilities), and a process of
another uid without CAP_KILL or CAP_SYS_PTRACE can neither signal, trace nor open the /proc files
of a root process. `TASKGATE_SUPERVISOR_TIMEOUT=SECONDS` is then its own wall-clock limit. When the
child has exited (or the limit expired) a helper forked at the start, root until then, takes that
uid and kills every process of it (`kill(-1, SIGKILL)`): nothing the tests left behind outlives
the run, and the host's sweep only has to confirm it. Both variables are removed from the child's
environment.
"""

import ctypes
import hashlib
import hmac
import json
import os
import selectors
import signal
import sys
import time

MARK = "TASKGATE-EVIDENCE "
OUTPUT_CAP = 512 * 1024
EVENTS_CAP = 32 * 1024 * 1024
PR_SET_DUMPABLE = 4
RUN_AS = "TASKGATE_SUPERVISOR_AS"
TIMEOUT = "TASKGATE_SUPERVISOR_TIMEOUT"


def _non_dumpable():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _ids(text):
    """(uid, gid) from "UID:GID"; both must be numeric and not root."""
    uid, gid = (int(x) for x in text.split(":"))
    if uid <= 0 or gid <= 0:
        raise ValueError(f"refusing to run the tests as {text}")
    return uid, gid


def _become(ids):
    """Drop to `ids` for good (this process must be root with CAP_SETUID/CAP_SETGID); raises when
    any id is left over, so the tests never run with more than that user's rights."""
    uid, gid = ids
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid) or os.getgroups():
        raise PermissionError(f"could not become {uid}:{gid}")


def _reaper(ids):
    """Fork the helper that kills every process of `ids` once the returned fd is closed (or this
    process dies). It stays root until then, out of reach of the tests' signals."""
    trigger_r, trigger_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(trigger_w)
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # never the container's stdout: that is the evidence
                os.dup2(quiet, fd)
            os.read(trigger_r, 1)  # returns at EOF: the supervisor closed it, or died
            _become(ids)
            os.kill(-1, signal.SIGKILL)  # every process of that uid but this one, atomically
        except BaseException:  # noqa: BLE001, S110 - nothing to report to; the host's sweep checks
            pass
        os._exit(0)
    os.close(trigger_r)
    return pid, trigger_w


def main(argv):
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_IGN)
    sealed = _non_dumpable()
    run_as = _ids(os.environ[RUN_AS]) if os.environ.get(RUN_AS) else None
    limit = float(os.environ[TIMEOUT]) if os.environ.get(TIMEOUT) else None
    reaper = _reaper(run_as) if run_as else None
    key = os.urandom(32)
    events_r, events_w = os.pipe()
    key_r, key_w = os.pipe()
    out_r, out_w = os.pipe()
    os.write(key_w, key)
    os.close(key_w)
    env = dict(os.environ)
    env.pop(RUN_AS, None)
    env.pop(TIMEOUT, None)
    env["TASKGATE_WITNESS"] = f"{events_w}:{key_r}"
    preload = env.pop("TASKGATE_CHILD_LD_PRELOAD", "")
    if preload:  # a shifted clock (libfaketime) for the tests only, never for this process
        env["LD_PRELOAD"] = preload
    devnull = os.open(os.devnull, os.O_RDONLY)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: the test command, with its own fds only
        try:
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
                signal.signal(sig, signal.SIG_DFL)
            os.dup2(devnull, 0)
            os.dup2(out_w, 1)
            os.dup2(out_w, 2)
            keep = {0, 1, 2, events_w, key_r}
            for fd in range(3, 1024):
                if fd not in keep:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            os.set_inheritable(events_w, True)
            os.set_inheritable(key_r, True)
            if run_as:
                _become(run_as)
            os.execvpe(argv[0], argv, env)
        except BaseException as exc:  # noqa: BLE001 - report and leave with the shell's code
            os.write(2, f"taskgate: cannot run {argv[0]}: {exc}\n".encode())
        os._exit(127)
    os.close(events_w)
    os.close(key_r)
    os.close(out_w)
    os.close(devnull)
    problems = []
    events = []
    buffers = {events_r: b"", out_r: b""}
    forwarded = [0]
    state = {"seq": 0, "bytes": 0, "bad": 0}

    def take_event(line):
        state["bytes"] += len(line)
        if state["bytes"] > EVENTS_CAP:
            if state["bad"] == 0:
                problems.append("the evidence channel carried more data than any test run writes")
            state["bad"] += 1
            return
        try:
            seq_text, mac, payload = line.split(b" ", 2)
            seq = int(seq_text)
        except ValueError:
            state["bad"] += 1
            if state["bad"] <= 3:
                problems.append(f"unauthenticated data on the evidence channel: {line[:80]!r}")
            return
        want = hmac.new(key, seq_text + b" " + payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(want, mac):
            state["bad"] += 1
            if state["bad"] <= 3:
                problems.append(f"an event with a wrong signature on the evidence channel (sequence {seq})")
            return
        if seq != state["seq"]:
            problems.append(f"event {seq} arrived where {state['seq']} was due (events were replayed, dropped or written by two processes)")
        state["seq"] = seq + 1
        try:
            events.append(json.loads(payload))
        except ValueError:
            problems.append(f"event {seq} is not JSON")

    def forward(data):
        room = OUTPUT_CAP - forwarded[0]
        if room > 0:
            os.write(2, data[:room])
            if len(data) > room:
                os.write(2, b"\n[taskgate: output truncated]\n")
        forwarded[0] += len(data)

    def pump(fd, data):
        if fd == out_r:
            forward(data)
            return
        buffers[fd] += data
        *lines, buffers[fd] = buffers[fd].split(b"\n")
        for line in lines:
            if line:
                take_event(line)

    selector = selectors.DefaultSelector()
    selector.register(events_r, selectors.EVENT_READ)
    selector.register(out_r, selectors.EVENT_READ)
    open_fds = {events_r, out_r}
    status = None
    timed_out = False
    while status is None:
        if limit is not None and not timed_out and time.monotonic() - started > limit:
            timed_out = True
            os.close(reaper[1])  # the helper kills the child and everything it started
        for sel_key, _mask in selector.select(timeout=0.05):
            data = os.read(sel_key.fd, 65536)
            if data:
                pump(sel_key.fd, data)
            else:
                selector.unregister(sel_key.fd)
                open_fds.discard(sel_key.fd)
        while True:  # reap every exited process; remember our child's status
            try:
                reaped, code = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if reaped == 0:
                break
            if reaped == pid:
                status = code
        if not open_fds and status is None:
            time.sleep(0.01)
    # The child has exited: what it wrote is in the pipes already. Read that, then stop.
    for fd in list(open_fds):
        os.set_blocking(fd, False)
        while True:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not data:
                break
            pump(fd, data)
    if buffers[events_r]:
        problems.append("the evidence channel ends in the middle of an event")
    if reaper is not None:
        if not timed_out:
            os.close(reaper[1])
        try:
            os.waitpid(reaper[0], 0)
        except ChildProcessError:  # already reaped by the loop above
            pass
    exit_code = os.waitstatus_to_exitcode(status)
    report = {
        "v": 1, "events": events, "problems": problems, "exit_code": exit_code,
        "sealed": sealed, "seconds": round(time.monotonic() - started, 3),
        "output_bytes": forwarded[0], "timed_out": timed_out,
    }
    os.write(1, (MARK + json.dumps(report, separators=(",", ":")) + "\n").encode())
    return exit_code if 0 <= exit_code < 256 else 128 - exit_code if exit_code < 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
