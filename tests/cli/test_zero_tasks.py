"""Checking zero tasks is an error that says where taskgate looked, never a green run.

A typo in `tasks_root`, a run outside the dataset repository, or a repository with no task yet:
each once printed `0 task(s) checked … no findings` and exited 0, so a CI gate could pass while
checking nothing. Pre-commit's view differs on purpose: a commit of a README alone is fine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.cli import main
from taskgate.hooks.main import main as hook_main


def new_task(root: Path, task_id: str = "two-sum") -> None:
    assert main(["new", task_id, "--category", "algorithms", "--language", "python", "--repo", str(root)]) == 0


@pytest.fixture
def empty_repo(tmp_path, monkeypatch) -> Path:
    """A legitimate dataset repository before its first task."""
    root = tmp_path / "ds"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    (root / "README.md").write_text("# our tasks\n")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def typo_repo(empty_repo) -> Path:
    new_task(empty_repo)
    (empty_repo / "taskgate.yaml").write_text("schema_version: 1\ntasks_root: task\n")
    return empty_repo


def error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    [line] = err.splitlines()
    return line


def test_an_empty_repository_is_an_error_that_says_where_and_what_to_do(empty_repo, capsys):
    assert main(["check"]) == 2
    line = error_line(capsys)
    assert line.startswith("taskgate check: error: no task found: ")
    assert f"looked for task directories in {empty_repo}/tasks/, which does not exist" in line
    assert f"repository root {empty_repo}: it holds taskgate.yaml" in line
    assert "tasks_root 'tasks' is the default" in line
    assert "taskgate new TASK_ID" in line


def test_a_tasks_root_typo_points_at_the_tasks_it_missed(typo_repo, capsys):
    assert main(["check", "--stage", "merge"]) == 2
    line = error_line(capsys)
    assert f"{typo_repo}/task/, which does not exist" in line
    assert f"tasks_root 'task' is from {typo_repo}/taskgate.yaml" in line
    assert "outside it: tasks/two-sum (is tasks_root right?)" in line


def test_outside_any_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "[]\n"  # the machine-readable part stays valid
    assert "no taskgate.yaml or .git was found at or above it" in err


def test_paths_that_name_no_task(empty_repo, capsys):
    new_task(empty_repo)
    capsys.readouterr()
    assert main(["check", "README.md"]) == 2
    assert "no task among the given paths (README.md); tasks are the directories in" in error_line(capsys)
    assert main(["check", "--commit-files", "README.md"]) == 0  # the all-in-one hook's entry


def test_what_legitimately_checks_no_task(empty_repo, capsys):
    empty = empty_repo / "plan.txt"
    empty.write_text("")
    assert main(["check", "--paths-from", str(empty)]) == 0  # an empty plan, documented
    assert main(["check", "--hook", "config"]) == 0  # a repository-level hook only


@pytest.mark.parametrize("argv", [["gate"], ["test", "."], ["build"], ["verify-build"], ["export"], ["report"], ["verify-calibration"], ["calibrate", "."]])
def test_every_command_that_selects_tasks(empty_repo, capsys, argv):
    assert main(argv) == 2
    assert error_line(capsys).startswith(f"taskgate {argv[0]}: error: no task found: taskgate looked for task directories in ")


def test_the_hook_entry(typo_repo, capsys):
    # A commit touching a task that lies outside the (mistyped) tasks root fails ...
    assert hook_main(["layout", "tasks/two-sum/prompt.md"]) == 2
    assert "taskgate-hook: error: no task found" in capsys.readouterr().err
    # ... so does checking everything, while a commit of only a README passes.
    assert hook_main(["metadata"]) == 2
    assert hook_main(["layout", "README.md", "taskgate.yaml"]) == 0
    assert hook_main(["config", "taskgate.yaml"]) == 0


def test_the_all_in_one_hook_entry_runs_as_pre_commit_calls_it(typo_repo):
    proc = subprocess.run([sys.executable, "-m", "taskgate", "check", "--stage", "commit", "--commit-files", "tasks/two-sum/task.yaml"], cwd=typo_repo, capture_output=True, text=True)
    assert proc.returncode == 2 and "is tasks_root right?" in proc.stderr
