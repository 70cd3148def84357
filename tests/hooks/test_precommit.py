"""The hook repository, driven by the real pre-commit in a real git repository.

pre-commit installs taskgate from this checkout into its own virtualenv (as a dataset repo's
contributors get it), runs every hook of .pre-commit-hooks.yaml over a copy of the example
dataset, and must pass; a planted fault must fail the run with its rule code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "dataset"

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(dataset: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    scope = [] if "--files" in extra else ["--all-files"]
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), *extra, *scope, "--verbose"]
    return subprocess.run(cmd, cwd=dataset, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    target = tmp_path / "dataset"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-qm", "dataset", cwd=target)
    return target


def test_hooks_pass_on_the_example_dataset_and_catch_a_planted_fault(dataset, precommit_home):
    clean = try_repo(dataset, precommit_home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "taskgate layout" in clean.stdout and "Passed" in clean.stdout

    task = next(p for p in sorted((dataset / "tasks").iterdir()) if p.is_dir())
    (task / "prompt.md").write_text("Solve it.\n")  # states neither signature nor bounds
    (task / "scratch.txt").write_text("notes\n")
    git("add", "-A", cwd=dataset)
    faulty = try_repo(dataset, precommit_home)
    assert faulty.returncode == 1
    assert f"tasks/{task.name}/prompt.md:1:1: PRM002" in faulty.stdout
    assert f"tasks/{task.name}/scratch.txt:1:1: LAY002" in faulty.stdout


def test_a_hook_given_one_file_checks_that_files_whole_task(dataset, precommit_home):
    task = next(p for p in sorted((dataset / "tasks").iterdir()) if p.is_dir())
    (task / "solution" / "blob.bin").write_bytes(b"\0\1")
    git("add", "-A", cwd=dataset)
    # pre-commit hands the hook only prompt.md (as in a chunk of a large commit); the binary
    # file elsewhere in the same task is still found.
    proc = try_repo(dataset, precommit_home, "taskgate-layout", "--files", f"tasks/{task.name}/prompt.md")
    assert proc.returncode == 1, proc.stdout
    assert f"tasks/{task.name}/solution/blob.bin:1:1: LAY006" in proc.stdout
