"""A commit that only adds a symlink is checked: real pre-commit, real `git commit`, fresh repo.

pre-commit's default `types: [file]` hands a hook no symlink, so `tests/passwd -> /etc/passwd`
committed alone skipped every hook. The hooks repository here is a git snapshot of this
checkout pinned by commit SHA, exactly as a dataset's .pre-commit-config.yaml names it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_wheel_install import SOURCES

REPO = Path(__file__).resolve().parents[2]
HOOK_IDS = ("taskgate-config", "taskgate-layout", "taskgate-metadata", "taskgate-prompt", "taskgate-dockerfile", "taskgate-calibration")

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding this checkout's sources; its HEAD is the pinned rev."""
    snap = tmp_path_factory.mktemp("taskgate-hooks")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *SOURCES, ".pre-commit-hooks.yaml", cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (snap / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, snap / name)
    git("init", "-q", cwd=snap)
    git("add", "-A", cwd=snap)
    git("commit", "-qm", "snapshot", cwd=snap)
    return snap, git("rev-parse", "HEAD", cwd=snap).stdout.strip()


@pytest.fixture(params=[HOOK_IDS, ("taskgate",)], ids=["per-concern-hooks", "all-in-one-hook"])
def dataset(request, tmp_path, hooks_repo, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    snap, sha = hooks_repo
    root = tmp_path / "dataset"
    root.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    hooks = "".join(f"      - id: {h}\n" for h in request.param)
    (root / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {snap}\n    rev: {sha}\n    hooks:\n{hooks}")
    git("init", "-q", cwd=root)
    subprocess.run([sys.executable, "-m", "taskgate", "new", "two-sum", "--category", "algorithms", "--language", "python"], cwd=root, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=root, env=env, check=True, capture_output=True)
    git("add", "-A", cwd=root)
    first = git("commit", "-qm", "a task", cwd=root, env=env, ok=False)
    assert first.returncode == 0, first.stdout + first.stderr
    return root, env


@pytest.mark.parametrize(
    "rel, replaces",
    [("tasks/two-sum/tests/passwd", False), ("tasks/two-sum/prompt.md", True)],
    ids=["new-symlink", "file-replaced-by-symlink"],
)
def test_a_symlink_only_commit_is_blocked(dataset, rel, replaces):
    root, env = dataset
    link = root / rel
    if replaces:
        link.unlink()
    link.symlink_to("/etc/passwd")
    git("add", "-A", cwd=root)
    staged = git("diff", "--cached", "--name-only", cwd=root).stdout.split()
    assert staged == [rel]  # the commit holds the symlink and nothing else
    before = git("rev-parse", "HEAD", cwd=root).stdout
    proc = git("commit", "-qm", "only a symlink", cwd=root, env=env, ok=False)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    output = proc.stdout + proc.stderr
    assert f"{rel}:1:1: LAY004" in output
    first = next(line for line in output.splitlines() if line.startswith(("taskgate layout", "taskgate (")))
    assert first.endswith("Failed"), first
    assert git("rev-parse", "HEAD", cwd=root).stdout == before


def test_a_commit_of_no_task_file_passes(dataset):
    """Zero tasks checked is an error, but not for a commit that touches no task (a README)."""
    root, env = dataset
    (root / "README.md").write_text("# our tasks\n")
    git("add", "README.md", cwd=root)
    proc = git("commit", "-qm", "readme", cwd=root, env=env, ok=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
