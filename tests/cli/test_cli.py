"""The `taskgate` command line, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.hooks.core import registry

REPO = Path(__file__).resolve().parents[2]


def taskgate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "taskgate", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_text_output_is_sorted_path_line_col_code(dataset):
    dataset.add_task("b-task")
    dataset.add_task("a-task")
    for name in ("b-task", "a-task"):
        (dataset.root / "tasks" / name / "NOTES.md").write_text("x\n")
        (dataset.root / "tasks" / name / "prompt.md").write_text("\n")
    proc = taskgate("check", "--hook", "layout", "--hook", "prompt", cwd=dataset.root)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "tasks/a-task/NOTES.md:1:1: LAY002 unknown entry 'NOTES.md' in task directory; allowed: Dockerfile, calibration, calibration.json, meta, prompt.md, solution, subject, task.yaml, tests, plus dependency manifests, lockfiles and files the Dockerfile copies",
        "tasks/a-task/prompt.md:1:1: PRM001 prompt.md is empty",
        "tasks/b-task/NOTES.md:1:1: LAY002 unknown entry 'NOTES.md' in task directory; allowed: Dockerfile, calibration, calibration.json, meta, prompt.md, solution, subject, task.yaml, tests, plus dependency manifests, lockfiles and files the Dockerfile copies",
        "tasks/b-task/prompt.md:1:1: PRM001 prompt.md is empty",
    ]
    assert "2 task(s) checked" in proc.stderr


def test_paths_are_relative_to_the_working_directory(dataset):
    task = dataset.add_task()
    (task / "prompt.md").write_text("\n")
    proc = taskgate("check", ".", "--hook", "prompt", cwd=task)
    assert proc.stdout.startswith("prompt.md:1:1: PRM001")


def test_json_output(dataset):
    task = dataset.add_task()
    (task / "prompt.md").write_text("\n")
    proc = taskgate("check", "--format", "json", "--hook", "prompt", cwd=dataset.root)
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == [
        {"path": "tasks/sum-list/prompt.md", "line": 1, "column": 1, "code": "PRM001", "category": "prompt", "severity": "error", "message": "prompt.md is empty"}
    ]


def test_output_is_byte_identical_across_runs(dataset):
    for name in ("one-task", "two-task", "three-task"):
        task = dataset.add_task(name)
        (task / "junk").write_text("x")
    runs = {taskgate("check", "--format", "json", cwd=dataset.root).stdout for _ in range(3)}
    assert len(runs) == 1


def test_clean_repo_exits_zero(dataset):
    dataset.add_task()
    proc = taskgate("check", "--hook", "layout", "--hook", "metadata", "--hook", "prompt", cwd=dataset.root)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_missing_path_is_a_usage_error(dataset):
    dataset.add_task()
    proc = taskgate("check", "tasks/nope", cwd=dataset.root)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "taskgate check: error: tasks/nope: no such file or directory"


def test_a_base_that_is_no_commit_is_a_usage_error(dataset):
    dataset.add_task()
    proc = taskgate("check", "--base", "no-such-ref", cwd=dataset.root)
    assert proc.returncode == 2 and "--base no-such-ref: not a commit" in proc.stderr
    assert_no_traceback(proc)


def test_bad_flag_is_a_usage_error(dataset):
    proc = taskgate("check", "--stage", "later", cwd=dataset.root.parent)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    assert_no_traceback(proc)


@pytest.mark.parametrize(
    "fault",
    ["malformed-yaml", "dir-instead-of-file", "symlink-etc-passwd", "huge-file", "empty-task-yaml", "binary-task-yaml", "binary-config", "deep-yaml"],
)
def test_bad_input_gives_finding_not_traceback(dataset, fault):
    task = dataset.add_task()
    if fault == "malformed-yaml":
        (task / "task.yaml").write_text("id: [unclosed\n")
    elif fault == "dir-instead-of-file":
        (task / "Dockerfile").unlink()
        (task / "Dockerfile").mkdir()
        (task / "Dockerfile" / "x").write_text("FROM scratch\n")
    elif fault == "symlink-etc-passwd":
        (task / "task.yaml").unlink()
        os.symlink("/etc/passwd", task / "task.yaml")
    elif fault == "huge-file":
        with open(task / "task.yaml", "ab") as fh:
            fh.truncate(50 * 1024 * 1024)
    elif fault == "empty-task-yaml":
        (task / "task.yaml").write_text("")
    elif fault == "binary-task-yaml":
        (task / "task.yaml").write_bytes(os.urandom(64) + b"\0")
    elif fault == "binary-config":
        (dataset.root / "taskgate.yaml").write_bytes(b"\0\1\2")
    elif fault == "deep-yaml":
        (task / "task.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    proc = taskgate("check", cwd=dataset.root)
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip(), "a finding names the problem"
    for line in proc.stdout.splitlines():
        path, line_no, col, rest = line.split(":", 3)
        assert line_no.isdigit() and col.isdigit() and rest.split()[0] in registry.rules()


def test_rules_lists_every_rule_and_explains_one(tmp_path):
    proc = taskgate("rules", "--format", "json", cwd=tmp_path)
    rules = json.loads(proc.stdout)
    assert {r["code"] for r in rules} == set(registry.rules())
    for r in rules:
        assert r["summary"] and r["rationale"] and r["fix"] and r["category"]
    proc = taskgate("rules", "lay004", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("LAY004 symlink-escape") and "Fix:" in proc.stdout
    proc = taskgate("rules", "NOPE01", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown rule" in proc.stderr


@pytest.mark.parametrize(
    "category, language",
    [("algorithms", "python"), ("testing", "python"), *(("algorithms", lang) for lang in ("javascript", "typescript", "java", "go", "cpp", "rust"))],
)
def test_new_creates_a_task_that_passes_commit_stage(tmp_path, category, language):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    proc = taskgate("new", "fresh-task", "--category", category, "--language", language, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    meta = (tmp_path / "tasks/fresh-task/task.yaml").read_text()
    assert "id: fresh-task" in meta and f"category: {category}" in meta and f"language: {language}" in meta
    proc = taskgate("check", "--stage", "commit", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout
    again = taskgate("new", "fresh-task", "--category", category, "--language", language, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_rejects_bad_id_and_unknown_category(tmp_path):
    assert taskgate("new", "X", "--category", "algorithms", "--language", "python", cwd=tmp_path).returncode == 2
    proc = taskgate("new", "good-id", "--category", "poetry", "--language", "python", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown category" in proc.stderr
    assert not (tmp_path / "tasks" / "good-id").exists()


def test_every_hook_is_documented_in_readme():
    readme = (REPO / "README.md").read_text()
    manifest = (REPO / ".pre-commit-hooks.yaml").read_text()
    ids = [line.split("id:", 1)[1].strip() for line in manifest.splitlines() if line.startswith("- id:")]
    assert ids
    for hook_id in ids:
        assert hook_id in readme, hook_id


def test_rule_reference_is_current():
    proc = taskgate("rules", "--format", "markdown", cwd=REPO)
    assert proc.returncode == 0
    assert (REPO / "docs" / "rules.md").read_text() == proc.stdout, "regenerate: taskgate rules --format markdown > docs/rules.md"
