"""`taskgate calibrate` usage errors: reported in one line before anything is built or queried."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.calibration_records import write_task

MODELS = """models:
  target: {name: t, base_url: "http://127.0.0.1:9/v1"}
  reference:
    - {name: r, base_url: "http://127.0.0.1:9/v1"}
"""


def taskgate(*args, cwd):
    return subprocess.run([sys.executable, "-m", "taskgate", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_models_must_be_configured(tmp_path):
    write_task(tmp_path)
    proc = taskgate("calibrate", "tasks/add-two", cwd=tmp_path)
    assert proc.returncode == 2
    assert "needs `models.target` and at least one `models.reference`" in proc.stderr and "Traceback" not in proc.stderr


def test_extend_must_exceed_target_attempts(tmp_path):
    write_task(tmp_path, config=MODELS)
    proc = taskgate("calibrate", "tasks/add-two", "--extend", "5", cwd=tmp_path)
    assert proc.returncode == 2 and "--extend 5 must exceed target_attempts (5)" in proc.stderr


def test_models_sharing_a_directory_name_are_refused(tmp_path):
    write_task(tmp_path, config=MODELS.replace("name: r,", "name: T,"))
    proc = taskgate("calibrate", "tasks/add-two", cwd=tmp_path)
    assert proc.returncode == 2 and "share the directory name 't'" in proc.stderr


@pytest.mark.parametrize("content, needle", [("{oops\n", "r.jsonl:1: not a JSON object"), (None, "no such file")])
def test_bad_recording(tmp_path, content, needle):
    write_task(tmp_path, config=MODELS)
    if content is not None:
        (tmp_path / "r.jsonl").write_text(content)
    proc = taskgate("calibrate", "tasks/add-two", "--responses", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and needle in proc.stderr


def test_multi_file_solution_is_refused_with_a_reason(tmp_path):
    task = write_task(tmp_path, config=MODELS)
    (task / "solution" / "helpers.py").write_text("X = 1\n")
    proc = taskgate("calibrate", "tasks/add-two", cwd=tmp_path)
    assert proc.returncode == 1
    assert "solution/ has 2 files (solution/adder.py, solution/helpers.py)" in proc.stderr
    assert "tasks/add-two: not calibrated" in proc.stdout
    assert not (task / "calibration.json").exists()


def test_no_task_selected(tmp_path):
    write_task(tmp_path, config=MODELS)
    (tmp_path / "elsewhere").mkdir()
    proc = taskgate("calibrate", "elsewhere", cwd=tmp_path)
    assert proc.returncode == 2 and "no task among the given paths (elsewhere)" in proc.stderr
