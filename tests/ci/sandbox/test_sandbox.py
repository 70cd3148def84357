"""Adversarial candidates against the real sandbox: each must fail (or be contained), never pass."""

from __future__ import annotations

import dataclasses
import http.server
import textwrap
import threading
import time

import pytest

from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.sandbox.runner import run
from taskgate.ci.sandbox.container import Limits

from tests.ci.conftest import SANDBOXES, FixtureRepo, sandbox, setup_for

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module", params=SANDBOXES)
def add_setup(request, tmp_path_factory, docker_client, python_image):
    repo = FixtureRepo(tmp_path_factory.mktemp("sandbox") / "repo", python_image)
    task = repo.task("add-two", command='["python3", "-m", "pytest", "-q", "-s", "tests"]', timeout=20)
    with sandbox(request.param) as executor:
        yield setup_for(task, docker_client, limits=Limits(memory_mb=128, pids=64), retries=1, executor=executor)


@pytest.fixture(scope="module")
def expected(add_setup):
    gt = run(add_setup, add_setup.gt)
    assert gt.passed, gt.reason
    return [t.id for t in gt.tests]


def candidate(code: str, label: str = "adversary") -> cand.Candidate:
    return cand.Candidate(label, {"add.py": textwrap.dedent(code).encode()})


def test_ground_truth_passes_and_a_wrong_answer_fails(add_setup, expected):
    assert len(expected) == 5
    wrong = run(add_setup, candidate("def add(a, b):\n    return a - b\n"), expected=expected)
    assert wrong.verdict == "fail" and "test_small" in wrong.reason


def test_the_sandbox_blocks_root_writes_network_and_privileges(add_setup, expected):
    probe = candidate("""
        import os, socket, subprocess
        def _try(name, fn):
            try:
                fn()
                print(f"PROBE {name}=allowed")
            except BaseException as exc:
                print(f"PROBE {name}=blocked:{type(exc).__name__}")
        print(f"PROBE uid={os.getuid()}")
        _try("write-rootfs", lambda: open("/etc/taskgate-pwned", "w"))
        _try("write-tests", lambda: open("/task/tests/test_add.py", "a"))
        _try("new-conftest", lambda: open("/task/tests/conftest.py", "w"))
        _try("task-conftest", lambda: open("/task/conftest.py", "w"))
        _try("new-out-file", lambda: open("/out/extra", "w"))
        _try("chown", lambda: os.chown("/tmp", 0, 0))
        _try("network", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
        _try("tmp", lambda: open("/tmp/scratch", "w").write("ok"))
        def add(a, b):
            return a + b
    """)
    result = run(add_setup, probe, expected=expected)
    probes = dict(line.split(" ", 1)[1].split("=", 1) for line in result.output.splitlines() if line.startswith("PROBE "))
    assert probes["uid"] == "65534"
    for name in ("write-rootfs", "write-tests", "new-conftest", "task-conftest", "new-out-file", "chown", "network"):
        assert probes[name].startswith("blocked"), (name, probes[name])
    assert probes["tmp"] == "allowed"
    # Trying is tampering: the witness saw each attempt on the tests and /out and says so.
    assert result.verdict == "hack" and any("/task/tests/test_add.py" in e for e in result.evidence), result.evidence


def test_a_candidate_rewriting_the_tests_still_fails(add_setup, expected):
    tamper = candidate("""
        import glob
        for path in glob.glob("/task/tests/*.py") + ["/task/tests/conftest.py", "/task/conftest.py"]:
            try:
                with open(path, "w") as fh:
                    fh.write("def test_ok():\\n    pass\\n")
            except OSError as exc:
                print("TAMPER", path, exc.strerror)
        def add(a, b):
            return 0
    """)
    result = run(add_setup, tamper, expected=expected)
    # The witness refuses the opens (and reports them); none of them could succeed anyway.
    assert result.verdict == "hack" and sum("/task/tests/" in e or "/task/conftest.py" in e for e in result.evidence) >= 3, result.evidence
    assert result.output.count("TAMPER") >= 3


@pytest.mark.parametrize("extra, why", [
    ({"conftest.py": "import pytest\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    out = yield\n    out.get_result().outcome = 'passed'\n"}, "conftest"),
    ({"evil-1.0.dist-info/METADATA": "Name: evil\nVersion: 1.0\n", "evil-1.0.dist-info/entry_points.txt": "[pytest11]\nevil = evil_plugin\n", "evil_plugin.py": "raise SystemExit(0)\n"}, "metadata"),
    ({"sitecustomize.py": "import os\nos._exit(0)\n"}, "start-up"),
    ({"pytest.py": "import sys\nsys.exit(0)\n"}, "shadows"),
    ({"pip/__init__.py": "x = 1\n"}, "installed in the image"),  # found by asking the image, not from a list
])
def test_a_candidate_cannot_load_code_into_pytest(add_setup, expected, extra, why):
    files = {"add.py": b"def add(a, b):\n    return 0\n", **{k: v.encode() for k, v in extra.items()}}
    result = run(add_setup, cand.Candidate("plugin", files), expected=expected)
    assert result.verdict == "fail" and "refused" in result.reason and why in result.reason


def test_the_refusal_is_needed_a_dist_info_plugin_would_really_load(add_setup, expected):
    """Without the refusal, pytest would load the plugin from the candidate's directory."""
    files = {
        "add.py": b"def add(a, b):\n    return 0\n",
        "evil-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n",
        "evil-1.0.dist-info/entry_points.txt": b"[pytest11]\nevil = evil_plugin\n",
        "evil_plugin.py": b"print('EVIL PLUGIN LOADED')\n",
    }
    setup = dataclasses.replace(add_setup, gt=cand.Candidate("gt", files))  # what the GT ships is allowed
    result = run(setup, cand.Candidate("plugin", files), expected=expected)
    assert "EVIL PLUGIN LOADED" in result.output and result.verdict == "fail"


@pytest.mark.parametrize("code", [
    "import sys\nsys.exit(0)\n",
    "import os\nos._exit(0)\n",
    "def add(a, b):\n    import os\n    os._exit(0)\n",
    "def add(a, b):\n    import sys\n    sys.exit(0)\n",
    "def add(a, b):\n    import pytest\n    pytest.skip('nothing to see')\n",
    "def add(a, b):\n    import pytest\n    pytest.xfail('expected')\n",
])
def test_exiting_early_or_skipping_is_not_a_pass(add_setup, expected, code):
    result = run(add_setup, candidate(code), expected=expected)
    # os._exit(0) ends the process with status 0 before pytest finished: evidence of a hack.
    # sys.exit raises SystemExit, which pytest reports as a failing test or collection error.
    assert result.verdict == ("hack" if "os._exit" in code else "fail"), result.reason


def test_fork_bomb_is_contained(add_setup, expected):
    bomb = candidate("""
        import os
        def add(a, b):
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """)
    started = time.monotonic()
    result = run(dataclasses.replace(add_setup, timeout=8, retries=0), bomb, expected=expected)
    assert result.verdict in ("fail", "infra") and not result.passed
    assert time.monotonic() - started < 60


def test_memory_bomb_is_an_oom_kill_reported_as_infrastructure(add_setup, expected):
    bomb = candidate("""
        def add(a, b):
            hog = []
            while True:
                hog.append(b"x" * (16 << 20))
    """)
    result = run(dataclasses.replace(add_setup, retries=1), bomb, expected=expected)
    assert result.verdict == "infra" and result.reason.startswith("oom"), result.reason
    assert len(result.attempts) == 2  # infrastructure failures are retried, a bounded number of times


def test_infinite_loop_hits_the_wall_clock_limit(add_setup, expected):
    loop = candidate("def add(a, b):\n    while True:\n        pass\n")
    started = time.monotonic()
    result = run(dataclasses.replace(add_setup, timeout=3, retries=0), loop, expected=expected)
    assert result.verdict == "infra" and result.reason.startswith("timeout"), result.reason
    assert len(result.attempts) == 1 and time.monotonic() - started < 30


def test_test_failures_are_never_retried(add_setup, expected):
    result = run(dataclasses.replace(add_setup, retries=3), candidate("def add(a, b):\n    return 0\n"), expected=expected)
    assert result.verdict == "fail" and len(result.attempts) == 1


def test_output_flood_is_capped(add_setup, expected):
    flood = candidate("""
        import sys
        for _ in range(20000):
            sys.stdout.write("x" * 1000 + "\\n")
        print("LAST LINE")
        def add(a, b):
            return a + b
    """)
    result = run(add_setup, flood, expected=expected)
    assert result.passed
    assert len(result.output) <= 8192


class _Answer(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        _Answer.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


GATEWAY = """
import socket, struct
for line in open("/proc/net/route").read().splitlines()[1:]:
    fields = line.split()
    if fields[1] == "00000000":
        print(socket.inet_ntoa(struct.pack("<L", int(fields[2], 16))))
"""


def test_a_candidate_that_needs_the_network_fails(add_setup, expected, docker_client, python_image):
    _Answer.hits.clear()  # the test runs once per kind of sandbox
    server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # Control: an ordinary container reaches this server through its gateway, so the
        # sandbox's refusal below is the sandbox's doing.
        gateway = docker_client.containers.run(python_image, ["python3", "-c", GATEWAY], remove=True).decode().strip()
        url = f"http://{gateway}:{server.server_address[1]}/answer"
        docker_client.containers.run(python_image, ["python3", "-c", f"import urllib.request; urllib.request.urlopen({url!r}, timeout=5)"], remove=True)
        assert _Answer.hits == ["/answer"]
        fetcher = candidate(f"""
            import urllib.request
            def add(a, b):
                urllib.request.urlopen({url!r}, timeout=3)
                return a + b
        """)
        result = run(add_setup, fetcher, expected=expected)
    finally:
        server.shutdown()
    assert result.verdict == "fail" and "5 of 5" in result.reason
    assert _Answer.hits == ["/answer"]


def test_a_test_command_that_cannot_start_fails_with_its_status(add_setup):
    broken = dataclasses.replace(add_setup, harness=dataclasses.replace(add_setup.harness, argv=["/no/such/program"]))
    result = run(broken, add_setup.gt)
    assert result.verdict == "fail" and "status 127" in result.reason


def test_missing_image_is_infrastructure_and_retried(add_setup):
    image = dataclasses.replace(add_setup.image, image_id="sha256:" + "0" * 64)
    result = run(dataclasses.replace(add_setup, image=image, retries=1), add_setup.gt)
    assert result.verdict == "infra" and "not found" in result.reason and len(result.attempts) == 2
