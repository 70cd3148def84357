"""A warm sandbox's supervisor is a root process among the test user's: prove the test user cannot
reach it or gain its rights, against the real engine.

The probe runs under the supervisor exactly as a pytest run would (a supervised job in a warm
container), but as a plain script, so no witness stands between it and the kernel: every denial
below is the kernel's. Each denial has a control showing the same probe succeeds where it should
(on a process of the test user's own, or in an ordinary container), so the test cannot pass by
probing nothing. The image carries a setuid-root interpreter and one with CAP_SETUID/CAP_SETGID as
file capabilities, the two ways an image could hand the tests the supervisor's capabilities.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
from taskgate.ci.sandbox import evidence
from taskgate.ci.sandbox.container import Job, Limits
from taskgate.ci.sandbox.runner import PLUGIN_DIR, SUPERVISOR
from taskgate.ci.sandbox.warm import RUN_AS, WarmPool

pytestmark = pytest.mark.docker

SUPERVISOR_PATH = Path(__file__).resolve().parents[3] / "ci" / "sandbox" / f"{SUPERVISOR}.py"
SUPERVISOR_ARGV = ["python3", "-I", f"/task/{PLUGIN_DIR}/{SUPERVISOR}.py"]
POTENT = """\
FROM {base}
USER 0
RUN cp -L /usr/bin/python3 /usr/local/bin/suid-python && chmod 4755 /usr/local/bin/suid-python \\
 && cp -L /usr/bin/python3 /usr/local/bin/cap-python \\
 && python3 -c "import os, struct; os.setxattr('/usr/local/bin/cap-python', 'security.capability', struct.pack('<5I', 0x02000001, 0xc0, 0, 0, 0))"
"""
# What the binaries above report about themselves: (real, effective, saved) uid after trying to become root.
ESCALATE = "import os\ntry:\n    os.setuid(0)\nexcept OSError:\n    pass\nprint(os.getresuid())"

PROBE = textwrap.dedent('''\
    import ctypes, os, signal, subprocess, sys, time

    libc = ctypes.CDLL(None, use_errno=True)
    PTRACE_ATTACH, PTRACE_DETACH, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID = 16, 17, 47, 2, 7

    def probe(name, action):
        try:
            action()
            print(f"PROBE {name}=allowed", flush=True)
        except OSError as exc:
            print(f"PROBE {name}=denied:{exc.errno}", flush=True)

    def checked(result):
        if result != 0:
            raise OSError(ctypes.get_errno(), "failed")

    def attach(pid):
        checked(libc.ptrace(PTRACE_ATTACH, pid, None, None))
        time.sleep(0.1)
        libc.ptrace(PTRACE_DETACH, pid, None, None)

    def uid_of(pid):
        try:
            with open(f"/proc/{pid}/status") as handle:
                return next(int(line.split()[1]) for line in handle if line.startswith("Uid:"))
        except OSError:  # ended meanwhile
            return None

    def attack(label, pid):
        probe(f"{label}-signal-0", lambda: os.kill(pid, 0))
        probe(f"{label}-ptrace", lambda: attach(pid))
        probe(f"{label}-stdout", lambda: open(f"/proc/{pid}/fd/1", "wb").close())
        probe(f"{label}-mem", lambda: open(f"/proc/{pid}/mem", "rb").close())
        probe(f"{label}-environ", lambda: open(f"/proc/{pid}/environ", "rb").close())
        probe(f"{label}-sigstop", lambda: os.kill(pid, signal.SIGSTOP))
        probe(f"{label}-sigkill", lambda: os.kill(pid, signal.SIGKILL))

    with open("/proc/self/status") as handle:
        for line in handle:
            if line.split(":")[0] in ("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapAmb", "NoNewPrivs"):
                print("STATUS " + " ".join(line.split()), flush=True)
    roots = sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and uid_of(p) == 0)
    print("ROOTS " + " ".join(map(str, roots)) + " PARENT " + str(os.getppid()), flush=True)
    for pid in roots:
        attack(f"root{pid}", pid)
    # The control: the same attacks on a process of the test user's own are allowed.
    own = subprocess.Popen(["sleep", "30"], stdout=subprocess.PIPE)  # a pipe of its own: the inherited one is root's
    time.sleep(0.2)
    attack("own", own.pid)
    own.wait()
    probe("setuid-0", lambda: os.setuid(0))
    probe("setgid-0", lambda: os.setgid(0))
    probe("setgroups-0", lambda: os.setgroups([0]))
    probe("ambient-raise", lambda: checked(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID, 0, 0)))
    for binary in ("/usr/local/bin/suid-python", "/usr/local/bin/cap-python"):
        out = subprocess.run([binary, "-c", sys.argv[1]], capture_output=True, text=True).stdout.strip()
        print(f"BINARY {os.path.basename(binary)} {out}", flush=True)
    # Left behind on purpose, in a session of its own: the supervisor's helper must kill it.
    subprocess.Popen(["sleep", "300"], start_new_session=True)
    print("DONE", flush=True)
''')


@pytest.fixture(scope="module")
def potent_image(docker_client, python_image):
    """The CI python image plus a setuid-root python and a python with file capabilities."""
    image, _logs = docker_client.images.build(fileobj=io.BytesIO(POTENT.format(base=python_image).encode()), rm=True, forcerm=True)
    yield image.id
    docker_client.images.remove(image.id, force=True)


def _ordinary(docker_client, image, argv, **options):
    return docker_client.containers.run(image, argv, remove=True, **options).decode().strip()


def test_the_image_binaries_escalate_in_an_ordinary_container(docker_client, potent_image):
    """The control for the test below: without the sandbox's lockdown both binaries become root."""
    for binary in ("suid-python", "cap-python"):
        assert _ordinary(docker_client, potent_image, [binary, "-c", ESCALATE], user="65534:65534") == "(0, 0, 0)", binary


def test_the_test_user_cannot_reach_the_root_supervisor_or_gain_its_capabilities(docker_client, potent_image):
    pool = WarmPool()
    files = {f"{PLUGIN_DIR}/{SUPERVISOR}.py": SUPERVISOR_PATH.read_bytes(), "probe.py": PROBE.encode()}
    job = Job(potent_image, [*SUPERVISOR_ARGV, "python3", "/task/probe.py", ESCALATE], files, timeout=60, limits=Limits(pids=64), supervised=True)
    try:
        first = pool(docker_client, job)
        second = pool(docker_client, job)
    finally:
        pool.close()
    assert first.status == "exited" and first.exit_code == 0, (first.status, first.detail, first.output[-3000:])
    lines = first.output.splitlines()
    assert "DONE" in lines, first.output[-3000:]
    status = dict(line[len("STATUS "):].partition(" ")[::2] for line in lines if line.startswith("STATUS "))
    assert status["Uid:"].split() == ["65534"] * 4 and status["Gid:"].split() == ["65534"] * 4 and status["Groups:"] == ""
    assert {status[k] for k in ("CapInh:", "CapPrm:", "CapEff:", "CapAmb:")} == {"0000000000000000"} and status["NoNewPrivs:"] == "1"
    roots_line = next(line for line in lines if line.startswith("ROOTS "))
    roots, parent = roots_line.split(" PARENT ")
    roots_pids = roots.split()[1:]
    assert parent in roots_pids  # the supervisor is root; so are init, the keep-alive and the killer helper
    assert len(roots_pids) >= 4, roots_line
    probes = dict(line[len("PROBE "):].split("=", 1) for line in lines if line.startswith("PROBE "))
    for pid in roots_pids:
        for attack in ("signal-0", "sigstop", "sigkill", "ptrace", "stdout", "mem", "environ"):
            assert probes[f"root{pid}-{attack}"].startswith("denied"), (pid, attack, probes[f"root{pid}-{attack}"])
    for attack in ("signal-0", "ptrace", "stdout", "mem", "environ", "sigkill"):
        assert probes[f"own-{attack}"] == "allowed", (attack, probes[f"own-{attack}"])
    for name in ("setuid-0", "setgid-0", "setgroups-0", "ambient-raise"):
        assert probes[name].startswith("denied"), (name, probes[name])
    binaries = dict(line[len("BINARY "):].partition(" ")[::2] for line in lines if line.startswith("BINARY "))
    assert binaries == {"suid-python": "(65534, 65534, 65534)", "cap-python": "(65534, 65534, 65534)"}
    # The supervisor was untouched: its evidence is complete; the sleeper left behind did not
    # survive the run, so the same container ran the job again.
    report = evidence.read(first.evidence)
    assert report is not None and report["exit_code"] == 0 and report["timed_out"] is False
    assert second.status == "exited" and second.exit_code == 0, second.detail
    assert pool.started == 1 and pool.recycled == 0


def test_the_supervisor_kills_what_the_tests_leave_behind(docker_client, python_image):
    """Without any sweep after it: when the child exits, no process of the test user is left."""
    script = (
        'python3 -I -c "$SUPERVISOR" sh -c "sleep 300 & setsid sleep 300 & exit 0" >/dev/null 2>&1; '
        "n=0; for p in /proc/[0-9]*; do grep -q '^State:.*Z' $p/status 2>/dev/null && continue; "
        "[ \"$(stat -c %u $p 2>/dev/null)\" = 65534 ] && n=$((n+1)); done; echo $n"
    )
    options = {"user": "0:0", "cap_drop": ["ALL"], "cap_add": ["SETUID", "SETGID"], "security_opt": ["no-new-privileges"],
               "network_mode": "none", "environment": {"SUPERVISOR": SUPERVISOR_PATH.read_text(), RUN_AS: "65534:65534"}}
    assert _ordinary(docker_client, python_image, ["sh", "-c", script], **options) == "0"
    # The control: the same command without the supervisor leaves both sleepers running.
    unsupervised = script.replace('python3 -I -c "$SUPERVISOR" ', "setpriv --reuid 65534 --regid 65534 --clear-groups ")
    assert _ordinary(docker_client, python_image, ["sh", "-c", unsupervised], **options) == "2"


def test_without_the_capabilities_to_drop_privileges_the_tests_never_run_as_root(docker_client, python_image):
    """Fail closed: a supervisor that cannot become the test user runs nothing."""
    argv = ["python3", "-I", "-c", SUPERVISOR_PATH.read_text(), "id", "-u"]
    container = docker_client.containers.run(python_image, argv, detach=True, user="0:0", cap_drop=["ALL"], security_opt=["no-new-privileges"],
                                             network_mode="none", environment={RUN_AS: "65534:65534"})
    try:
        code = container.wait(timeout=60)["StatusCode"]
        out = container.logs(stdout=True, stderr=False).decode()
        err = container.logs(stdout=False, stderr=True).decode()
    finally:
        container.remove(force=True)
    assert code == 127 and "cannot run id" in err and "Operation not permitted" in err, (code, err)
    report = json.loads(out.strip().split(evidence.MARK, 1)[1])
    assert report["exit_code"] == 127 and "0" not in err.split()  # `id -u` never printed root's uid
