"""`taskgate calibrate` and `verify-calibration` end to end: a real chat-completions server on
127.0.0.1, the real sandbox runner on the real Docker engine, the real hook on the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.core.engine import run as run_checks
from taskgate.hooks.workspace.repo import Repo
from tests.support.calibration_records import GOOD, HACK, WRONG, edit_record, write_task
from tests.support.chat_server import ChatServer

pytestmark = [pytest.mark.docker, pytest.mark.slow]
TARGET, REFERENCE = "tgt/coder-7b", "ref-large"


def answer(code: str | None) -> str:
    return "I could not finish this one." if code is None else f"Sure:\n\n```python\n{code}```\n"


def config(url: str, target_attempts: int = 5, min_failures: int = 2, reference_attempts: int = 3, ref_key: bool = True) -> str:
    key = ", api_key_env: TG_REF_KEY" if ref_key else ""
    return (
        "models:\n"
        f'  target: {{name: "{TARGET}", base_url: "{url}", temperature: 0.8, seed: 100}}\n'
        f'  reference:\n    - {{name: "{REFERENCE}", base_url: "{url}", temperature: 0.2{key}}}\n'
        "calibration:\n"
        f"  target_attempts: {target_attempts}\n  min_target_failures: {min_failures}\n  reference_attempts: {reference_attempts}\n"
        "  backoff_seconds: 0.01\n  max_retries: 3\n  concurrency: 2\n"
    )


def taskgate(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "taskgate", *args], cwd=root, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TG_REF_KEY": "sk-test-secret-1", **(env or {})})


def record(root: Path) -> dict:
    return json.loads((root / "tasks/add-two/calibration.json").read_text())


def codes(root: Path) -> list[str]:
    return sorted(f.code for f in run_checks(Repo(root), stage="merge", hooks=("calibration",)).findings)


def script_target(server: ChatServer, answers: list, first_seed: int = 100) -> None:
    for i, step in enumerate(answers):
        server.scripts[(TARGET, first_seed + i)] = step if isinstance(step, list) else [step]


def test_calibrate_live_resume_verify_and_a_forged_outcome(tmp_path, python_image):
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url), base=python_image)
        script_target(server, [answer(GOOD), answer(WRONG), answer(GOOD), answer(None),
                               [(429, {"error": {"message": "slow down"}}, {"Retry-After": "0"}), answer(GOOD)]])
        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two")  # not a terminal: progress lines, no bar
        assert proc.returncode == 0, proc.stdout + proc.stderr
        progress = [line for line in proc.stderr.splitlines() if line.startswith("taskgate calibrate: ")]
        assert progress[:3] == ["taskgate calibrate: building the environments of 1 task(s)", "taskgate calibrate: tasks/add-two: environment ready",
                                "taskgate calibrate: calibrating: 8 attempt(s) to run"]
        assert progress[-1] == "taskgate calibrate: 8/8 attempt(s) done"
        assert proc.stdout.strip() == f"tasks/add-two: in-band (target {TARGET}: 3/5 passed; reference {REFERENCE}: 3/3 passed)"
        data = record(tmp_path)
        target_runs = [r for r in data["runs"] if r["role"] == "target"]
        assert [r["outcome"] for r in target_runs] == ["pass", "fail", "pass", "fail", "pass"]
        assert [r["sampling"]["seed"] for r in target_runs] == [100, 101, 102, 103, 104]
        assert target_runs[1]["tests"] == {"passed": 1, "failed": 1, "errors": 0, "skipped": 0}
        assert target_runs[3]["candidate"] is None and target_runs[3]["tests"]["passed"] == 0
        assert data["environment_digest"].startswith("sha256:") and data["base_image_override"] is None
        assert server.served(TARGET) == 6 and server.served(REFERENCE) == 3
        assert all(r["headers"].get("Authorization") == "Bearer sk-test-secret-1" for r in server.requests if r["body"]["model"] == REFERENCE)
        task = tmp_path / "tasks/add-two"
        assert not any(b"sk-test-secret-1" in p.read_bytes() for p in task.rglob("*") if p.is_file())
        assert "sk-test-secret-1" not in proc.stdout + proc.stderr
        assert codes(tmp_path) == ["CAL007"]  # ready, but nobody wrote the reasoning pivot yet
        edit_record(task, lambda d: d.update(reasoning_pivot="sums absolute values: negative inputs"))
        assert codes(tmp_path) == []

        # Resuming a complete calibration asks nothing and rewrites the same bytes (pivot kept).
        before = (task / "calibration.json").read_bytes()
        again = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert again.returncode == 0 and server.served(TARGET) == 6 and server.served(REFERENCE) == 3
        assert (task / "calibration.json").read_bytes() == before

    verified = taskgate(tmp_path, "verify-calibration", "tasks/add-two")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "7 candidate(s) re-run: reproduced" in verified.stderr

    # A forged record: attempt 1 claimed to fail (a task made to look harder), with summary and
    # verdict made consistent so that the static hook cannot tell. Re-running the candidate can.
    def forge(d):
        d["runs"][0].update(outcome="fail", tests={"passed": 1, "failed": 1, "errors": 0, "skipped": 0})
        # ... with a counterexample status bound the way the tool binds it (the binding is a hash)
        d["runs"][0].update(counterexample=None, counterexample_status="agrees", counterexample_reason="agrees on all 100 generated inputs")
        d["runs"][0]["counterexample_sha256"] = rec.counterexample_binding(d["task_hash"]["value"], d["runs"][0])
        derived = rec.derive(d["rule"], d["runs"])
        d.update(summary=derived.summary, verdict=derived.verdict)

    edit_record(task, forge)
    assert codes(tmp_path) == []
    forged = taskgate(tmp_path, "verify-calibration", "tasks/add-two")
    assert forged.returncode == 1
    assert f"CAL011 runs[0] (target {TARGET} attempt 1): recorded fail, re-run gives pass" in forged.stdout


def test_swapped_candidate_with_matching_hash_is_caught_by_verify(tmp_path, python_image):
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url, 2, 1, 1), base=python_image)
        script_target(server, [answer(GOOD), answer(WRONG)])
        server.scripts[REFERENCE] = [answer(GOOD)]
        assert taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress").returncode == 0
    task = tmp_path / "tasks/add-two"
    data = record(tmp_path)
    wrong = data["runs"][1]
    # Replace the failing candidate by a correct one and fix its hash and outcome consistently.
    (task / wrong["candidate"]["path"]).write_text(GOOD)
    import hashlib

    def swap(d):
        d["runs"][1]["candidate"]["sha256"] = hashlib.sha256(GOOD.encode()).hexdigest()
        d["runs"][1]["counterexample_sha256"] = rec.counterexample_binding(d["task_hash"]["value"], d["runs"][1])
    edit_record(task, swap)
    assert codes(tmp_path) == ["CAL007"]  # only the (unrelated) missing reasoning pivot
    proc = taskgate(tmp_path, "verify-calibration", "tasks/add-two")
    assert proc.returncode == 1
    assert f"CAL011 runs[1] (target {TARGET} attempt 2): calibration/attempts/target-tgt-coder-7b-2/solution/adder.py is not the code extracted from its response" in proc.stdout
    assert "CAL007" not in proc.stdout  # readiness is `taskgate check`'s business, not the replay's


def test_500_storm_leaves_it_incomplete_and_the_next_run_resumes(tmp_path, python_image):
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url, 2, 1, 1), base=python_image)
        script_target(server, [answer(GOOD), answer(WRONG)])
        server.scripts[REFERENCE] = [(500, {"error": {"message": "upstream overloaded"}}, {})]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 1
        assert f"reference {REFERENCE} attempt 1: reference model {REFERENCE} at {server.base_url}/chat/completions: gave up after 4 tries (HTTP 500: upstream overloaded)" in proc.stderr
        assert "tasks/add-two: incomplete" in proc.stdout
        assert server.served(REFERENCE) == 4 and server.served(TARGET) == 2
        assert [r["role"] for r in record(tmp_path)["runs"]] == ["target", "target"]

        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 0, proc.stderr
        assert server.served(TARGET) == 2 and server.served(REFERENCE) == 5  # the target's attempts were reused
        assert record(tmp_path)["verdict"] == "in-band"

        # The rule asks for one more target attempt: only that one is sampled.
        script_target(server, [answer(GOOD)], first_seed=102)
        (tmp_path / "taskgate.yaml").write_text("schema_version: 1\n" + config(server.base_url, 3, 1, 1))
        assert "CAL008" in codes(tmp_path)
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 0, proc.stderr
        assert server.served(TARGET) == 3 and server.served(REFERENCE) == 5
        assert [r["attempt"] for r in record(tmp_path)["runs"]] == [1, 2, 3, 1]

        # The prompt changes: the record is stale for the hook, and calibrating samples afresh.
        prompt = tmp_path / "tasks/add-two/prompt.md"
        prompt.write_text(prompt.read_text() + "\nReturn an int.\n")
        assert "CAL004" in codes(tmp_path)
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert "task or environment changed since the last calibration" in proc.stderr
        assert server.served(TARGET) == 6 and server.served(REFERENCE) == 6
        assert "CAL004" not in codes(tmp_path)


def test_401_unknown_model_and_malformed_bodies(tmp_path, python_image):
    with ChatServer(api_key="sk-the-right-one") as server:
        write_task(tmp_path, config=config(server.base_url, 2, 1, 1), base=python_image)
        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress", env={"TG_REF_KEY": "sk-wrong-key"})
        assert proc.returncode == 1
        assert "HTTP 401: Incorrect API key provided (authentication failed; check the key in $TG_REF_KEY)" in proc.stderr
        assert "set models.target.api_key_env" in proc.stderr
        assert "sk-wrong-key" not in proc.stdout + proc.stderr
        assert server.served(REFERENCE) == 1  # fatal: no retry, and no further attempt asked
        assert record(tmp_path)["runs"] == [] and record(tmp_path)["verdict"] == "incomplete"

    with ChatServer() as server:
        (tmp_path / "taskgate.yaml").write_text("schema_version: 1\n" + config(server.base_url, 2, 1, 1, ref_key=False))
        server.scripts[REFERENCE] = [(200, b"<html>bad gateway</html>", {})]  # and the target is unknown to the server
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 1
        assert f"unknown model '{TARGET}'" in proc.stderr and "malformed response body (not JSON" in proc.stderr
        assert server.served(TARGET) <= 2 and server.served(REFERENCE) == 1


def test_extend_resamples_a_borderline_result_and_applies_the_rate(tmp_path, python_image):
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url, 3, 1, 1), base=python_image)
        script_target(server, [answer(GOOD), answer(GOOD), answer(GOOD), answer(WRONG), answer(WRONG)])
        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress", "--extend", "5")
        assert "borderline (0 of 3 failed): target extended to 5 attempts" in proc.stderr
        assert proc.returncode == 0, proc.stderr
    data = record(tmp_path)
    assert data["rule"]["extended_target_attempts"] == 5 and data["verdict"] == "in-band"  # 2/5 >= 1/3
    assert data["summary"][TARGET] == {"role": "target", "n": 5, "n_pass": 3}
    assert codes(tmp_path) == ["CAL007"]


FORGED_EXIT = """import os


def add(a: int, b: int) -> int:
    return 0


open("/out/report", "w").write('<testsuite tests="2"><testcase name="test_add"/><testcase name="test_negative"/></testsuite>')
os._exit(0)
"""


def test_tampering_attempts_are_failures_with_the_reason_recorded(tmp_path, python_image):
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url), base=python_image)
        script_target(server, [answer(HACK), answer(FORGED_EXIT), answer(GOOD), answer(WRONG), answer(GOOD)])
        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        target_runs = [r for r in record(tmp_path)["runs"] if r["role"] == "target"]
        assert [r["outcome"] for r in target_runs] == ["fail", "fail", "pass", "fail", "pass"]
        assert "TMP005" in target_runs[0]["tampering"] and "sys._getframe" in target_runs[0]["tampering"]
        assert "TMP002" in target_runs[1]["tampering"] and "TMP001" in target_runs[1]["tampering"]
        assert all("tampering" not in r for r in target_runs[2:])
        edit_record(tmp_path / "tasks/add-two", lambda d: d.update(reasoning_pivot="sums absolute values: negative inputs"))
        assert codes(tmp_path) == []  # the hacks are recorded as failures: nothing to report
    verified = taskgate(tmp_path, "verify-calibration", "tasks/add-two")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_failed_attempts_get_shrunk_counterexamples_bound_to_the_task(tmp_path, python_image):
    """A wrong attempt's run records the smallest input on which it differs from the ground
    truth, a correct one records none; a hand edit is caught; a record made before
    counterexamples gets them on the next calibrate without asking the model again."""
    with ChatServer() as server:
        write_task(tmp_path, config=config(server.base_url, 3, 1, 1), base=python_image)
        script_target(server, [answer(WRONG), answer(GOOD), answer(None)])
        server.scripts[REFERENCE] = [answer(GOOD)]
        proc = taskgate(tmp_path, "calibrate", "tasks/add-two", "--no-progress")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        data = record(tmp_path)
        assert data["schema_version"] == 2
        wrong, good, no_code = (r for r in data["runs"] if r["role"] == "target")
        # abs(a) + abs(b) differs from a + b exactly when an argument is negative: shrunk to one -1.
        assert wrong["counterexample_status"] == "differs"
        assert wrong["counterexample"]["input"] in ("add(-1, 0)", "add(0, -1)")
        assert wrong["counterexample"]["expected"] == "-1" and wrong["counterexample"]["got"] == "1"
        assert wrong["counterexample"]["examples"] == 100
        assert wrong["counterexample_sha256"] == rec.counterexample_binding(data["task_hash"]["value"], wrong)
        assert not any(k.startswith("counterexample") for k in good)  # a passing attempt has nothing to show
        assert not any(k.startswith("counterexample") for k in no_code)  # no code, nothing to run
        assert not any(k.startswith("counterexample") for r in data["runs"] if r["role"] == "reference" for k in r)
        task = tmp_path / "tasks/add-two"
        edit_record(task, lambda d: d.update(reasoning_pivot="sums absolute values: negative inputs"))
        assert codes(tmp_path) == []
        pristine = (task / "calibration.json").read_text()

        # The answer made to look right by hand: caught by the static hook, at the counterexample.
        edit_record(task, lambda d: d["runs"][0]["counterexample"].update(got="-1"))
        found = run_checks(Repo(tmp_path), stage="merge", hooks=("calibration",)).findings
        assert [f.code for f in found] == ["CAL013"]
        assert '"counterexample"' in (task / "calibration.json").read_text().splitlines()[found[0].line - 1]

        # A record from before counterexamples: a warning, and the next calibrate adds them by
        # re-running only the comparison (no request, no re-judged attempt).
        def legacy(d):
            d["schema_version"] = 1
            for r in d["runs"]:
                for key in [k for k in r if k.startswith("counterexample")]:
                    del r[key]
        (task / "calibration.json").write_text(pristine)
        edit_record(task, legacy)
        assert codes(tmp_path) == ["CAL014"]
        legacy_verified = taskgate(tmp_path, "verify-calibration", "tasks/add-two")  # a warning, not a failure
        assert legacy_verified.returncode == 0 and "CAL014" in legacy_verified.stderr, legacy_verified.stdout + legacy_verified.stderr
        served = server.served(TARGET)
        again = taskgate(tmp_path, "calibrate", "tasks/add-two")
        assert again.returncode == 0, again.stdout + again.stderr
        assert "calibrating: 1 attempt(s) to run" in again.stderr and server.served(TARGET) == served
        assert (task / "calibration.json").read_text() == pristine
        assert codes(tmp_path) == []
