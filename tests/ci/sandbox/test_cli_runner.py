"""`taskgate test` and `taskgate gate` as a user runs them: separate processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def taskgate(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "taskgate", *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    return proc


def test_no_engine_is_one_line_and_exit_2(tmp_path):
    from tests.ci.conftest import FixtureRepo

    repo = FixtureRepo(tmp_path / "repo", "example.invalid/python:3")
    repo.task("add-two")
    for command in ("test", "gate"):
        proc = taskgate(command, "tasks/add-two", cwd=repo.root, env={"DOCKER_HOST": f"unix://{tmp_path}/no.sock"})
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and "no Docker engine answers" in proc.stderr and "start a Docker engine" in proc.stderr and "docker-up.sh" not in proc.stderr


def test_usage_errors(tmp_path):
    from tests.ci.conftest import FixtureRepo

    fixture_repo = FixtureRepo(tmp_path / "repo", "example.invalid/python:3")
    fixture_repo.task("add-two")
    fixture_repo.task("add-three")
    proc = taskgate("test", "tasks", "--candidate", str(tmp_path), cwd=fixture_repo.root)
    assert proc.returncode == 2 and "exactly one task" in proc.stderr
    proc = taskgate("test", "tasks/add-two", "--candidate", str(tmp_path / "missing"), cwd=fixture_repo.root)
    assert proc.returncode == 2 and "not a directory" in proc.stderr


@pytest.mark.docker
def test_test_command_ground_truth_then_candidates(fixture_repo, docker_client, tmp_path):
    fixture_repo.task("add-two", timeout=3)
    root = fixture_repo.root
    proc = taskgate("test", "tasks/add-two", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("tasks/add-two: PASS ground truth: all 5 test(s) passed")
    stored = sorted((root / ".taskgate/runs/add-two").glob("test-*.json"))
    assert len(stored) == 1 and (root / ".taskgate/.gitignore").read_text().strip().endswith("*")
    record = json.loads(stored[0].read_text())
    assert {"environment_digest", "tests_hash", "candidate_hash", "verdict", "tests"} <= set(record)
    assert stored[0].name == f"test-{record['environment_digest'].split(':')[-1][:12]}-{record['tests_hash'][:12]}-{record['candidate_hash'][:12]}.json"

    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "add.py").write_text("def add(a, b):\n    return a * b\n")
    proc = taskgate("test", "tasks/add-two", "--candidate", str(wrong), "--format", "json", cwd=root)
    assert proc.returncode == 1
    [result] = json.loads(proc.stdout)
    assert result["verdict"] == "fail" and result["counts"] == {"failed": 4, "passed": 1}
    assert len(list((root / ".taskgate/runs/add-two").glob("test-*.json"))) == 2  # the GT's stored result was reused

    proc = taskgate("test", "tasks/add-two", "--candidate", str(wrong), cwd=root)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("tasks/add-two: FAIL") and "4 of 5 test(s) failed" in lines[0]
    assert any(line.startswith("  failed: tests/test_add.py::test_small (tests/test_add.py:4): assert 2 == 3") for line in lines), proc.stdout
    verbose = taskgate("test", "tasks/add-two", "--candidate", str(wrong), "-v", cwd=root)
    assert "    | def test_small():" in verbose.stdout and "output (tail):" in verbose.stdout

    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / "add.py").write_text("import os\nopen('/out/report', 'w').write('<testsuite/>')\nos._exit(0)\n")
    proc = taskgate("test", "tasks/add-two", "--candidate", str(forged), cwd=root)
    assert proc.returncode == 1 and proc.stdout.startswith("tasks/add-two: HACK"), proc.stdout
    assert "  evidence: solution/add.py:2:6: TMP002" in proc.stdout and "TMP001" in proc.stdout

    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "add.py").write_text("def add(a, b):\n    while True:\n        pass\n")
    proc = taskgate("test", "tasks/add-two", "--candidate", str(loop), cwd=root)
    assert proc.returncode == 3 and "INFRA" in proc.stdout and "timeout" in proc.stdout


@pytest.mark.docker
def test_gate_command_prints_findings_and_a_timed_summary(fixture_repo, docker_client):
    fixture_repo.write_config("gate:\n  reruns: 1\n")
    fixture_repo.task("two-tests", tests={"test_it.py": "from add import add\n\ndef test_a(): assert add(1, 2) == 3\ndef test_b(): assert add(0, 0) == 0\n"})
    proc = taskgate("gate", cwd=fixture_repo.root)
    assert proc.returncode == 1
    first, *rest = proc.stdout.splitlines()
    assert first == "tasks/two-tests/task.yaml:13:15: RUN002 2 test(s) ran, fewer than the minimum of 5"
    assert len(rest) == 2 and all(line.startswith("tasks/two-tests/tests:1:1: RUN014 the suite rewards an exploit") for line in rest)
    assert "tasks/two-tests: ground truth all 2 test(s) passed" in proc.stderr and "build" in proc.stderr and "mutants" in proc.stderr
    assert "taskgate gate: 1 task(s): 3 error(s), 0 warning(s)" in proc.stderr


@pytest.mark.docker
def test_a_candidate_test_suite_must_kill_the_meta_mutants(fixture_repo, docker_client, tmp_path):
    subject = "def add(a, b):\n    return a + b\n"
    mutant = "--- a/subject/mod.py\n+++ b/subject/mod.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return {}\n"
    gt_suite = "from mod import add\n\ndef test_a(): assert add(1, 2) == 3\ndef test_b(): assert add(-1, 1) == 0\n"
    fixture_repo.task("add-tests", category="testing", pythonpath="/task/subject", command='["python3", "-m", "pytest", "-q", "solution"]',
                      subject={"mod.py": subject}, solution={"test_mod.py": gt_suite},
                      mutants={"01-minus.patch": mutant.format("a - b"), "02-times.patch": mutant.format("a * b")})
    proc = taskgate("test", "tasks/add-tests", cwd=fixture_repo.root)
    assert proc.returncode == 0 and "it kills all 2 meta mutant(s)" in proc.stdout
    weak = tmp_path / "weak"
    weak.mkdir()
    (weak / "test_weak.py").write_text("from mod import add\n\ndef test_zero(): assert add(0, 0) == 0\n")  # 0-0 == 0*0 == 0+0
    proc = taskgate("test", "tasks/add-tests", "--candidate", str(weak), "--format", "json", cwd=fixture_repo.root)
    assert proc.returncode == 1
    [result] = json.loads(proc.stdout)
    assert "does not catch 2 of 2 mutant(s): 01-minus.patch, 02-times.patch" in result["reason"]
    assert [m["killed"] for m in result["kill_matrix"]] == [False, False]
