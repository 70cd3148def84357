"""The execution strategy never changes a result: workers, concurrent runs, partial listings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import generate
from taskgate.hooks.core.engine import run
from taskgate.hooks.workspace.repo import Repo

from .conftest import git

TASKGATE = [sys.executable, "-m", "taskgate"]


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TASKGATE, *args], cwd=root, capture_output=True, text=True, env=env or dict(os.environ), timeout=300)


def test_workers_and_cache_give_the_serial_result(tmp_path, cache_dir):
    root = tmp_path / "big"
    generate(root, 80, seed=3)  # with defects planted in some tasks
    serial = run(Repo(root), jobs=1)
    assert serial.findings, "the generated dataset plants defects"
    assert run(Repo(root), jobs=2).findings == serial.findings
    cold = run(Repo(root), jobs=2, cache=True)
    warm = run(Repo(root), jobs=2, cache=True)
    assert cold.findings == warm.findings == serial.findings
    assert warm.tasks_cached == warm.tasks_checked == 80


def test_concurrent_runs_share_one_cache_safely(dataset, cache_dir):
    (dataset / "tasks" / "interval-merge-with-gaps" / "prompt.md").write_text("Solve it.\n")
    expected = cli(dataset, "check", "--no-cache")
    assert expected.returncode == 1 and "PRM002" in expected.stdout
    procs = [subprocess.Popen([*TASKGATE, "check"], cwd=dataset, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1] * 6
    assert {out for out, _err in outputs} == {expected.stdout}
    # A seventh run, in a process of its own as a user's would be (this test process may hold
    # other tests' state), is answered wholly from the cache the six wrote side by side.
    again = cli(dataset, "check", "-v")
    assert again.stdout == expected.stdout
    assert "4 of 4 task result(s) from the cache" in again.stderr
    # "Solve it." states neither the signature and bounds (PRM) nor the edge cases and the
    # ValueError the tests expect (INT).
    codes = sorted(f.code for f in run(Repo(dataset)).findings)
    assert codes == ["INT004", *["INT007"] * 12, "PRM002", "PRM003", "PRM003"]


def test_no_cache_leaves_the_cache_directory_alone(dataset, cache_dir):
    assert cli(dataset, "check", "--no-cache").returncode == 0
    assert not cache_dir.exists()
    assert cli(dataset, "check").returncode == 0
    assert any(cache_dir.iterdir())


def test_output_is_byte_identical_cold_warm_and_in_parallel(tmp_path, cache_dir):
    root = tmp_path / "big"
    generate(root, 60, seed=5)
    outputs = {cli(root, "check", "--jobs", jobs, *extra).stdout for jobs, extra in (("1", ["--no-cache"]), ("2", []), ("2", []), ("1", []))}
    assert len(outputs) == 1 and outputs.pop().count("\n") > 0


def test_deleted_files_and_tasks_are_not_checked(dataset):
    task = dataset / "tasks" / "interval-merge-with-gaps"
    (task / "prompt.md").unlink()  # still in git's index
    shutil.rmtree(dataset / "tasks" / "top-k-frequent-tokens")
    report = run(Repo(dataset), cache=True)
    assert report.tasks_checked == 3
    assert [(f.path, f.code) for f in report.findings] == [("tasks/interval-merge-with-gaps/prompt.md", "LAY001")]


def test_a_hook_lists_only_the_named_task_even_with_pathspec_characters(dataset, cache_dir):
    odd = dataset / "tasks" / "odd[a]*name"
    shutil.copytree(dataset / "tasks" / "interval-merge-with-gaps", odd)
    git(dataset, "add", "-A")
    (odd / "untracked-notes.txt").write_text("x\n")
    proc = subprocess.run(
        [sys.executable, "-m", "taskgate.hooks.main", "layout", "tasks/odd[a]*name/task.yaml"],
        cwd=dataset, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any("tasks/odd[a]*name:1:1: LAY003" in line for line in lines), proc.stdout
    assert any("tasks/odd[a]*name/untracked-notes.txt:1:1: LAY002" in line for line in lines), proc.stdout
    assert all("odd[a]*name" in line for line in lines)  # no other task was checked


def test_many_named_tasks_list_like_git_untracked_and_ignored_files_included(tmp_path, cache_dir):
    root = tmp_path / "many"
    generate(root, 40, seed=7)
    names = sorted(p.name for p in (root / "tasks").iterdir())
    (root / ".gitignore").write_text("*.log\n")
    (root / "tasks" / names[3] / "scratch.txt").write_text("untracked\n")
    (root / "tasks" / names[5] / "debug.log").write_text("ignored\n")
    named = [root / "tasks" / n / "task.yaml" for n in names[:30]]
    partial = run(Repo(root), named)
    whole = run(Repo(root))
    assert partial.tasks_checked == 30
    assert partial.findings == [f for f in whole.findings if f.path.split("/")[1] in names[:30]]
    assert any(f.path == f"tasks/{names[3]}/scratch.txt" and f.code == "LAY002" for f in partial.findings)
    assert not any("debug.log" in f.path for f in partial.findings)


def test_a_parent_with_threads_spawns_its_workers_instead_of_forking(tmp_path):
    """The Dockerfile parser loads a Go runtime (threads): a forked worker would deadlock."""
    root = tmp_path / "big"
    generate(root, 60, seed=9)
    script = (
        "import sys, dockerfile\n"
        "from pathlib import Path\n"
        "from taskgate.hooks.core import scheduler\n"
        "from taskgate.hooks.core.engine import run\n"
        "from taskgate.hooks.workspace.repo import Repo\n"
        "dockerfile.parse_string('FROM scratch\\n')\n"
        "assert scheduler.start_method() == 'spawn'\n"
        "root = Path(sys.argv[1])\n"
        "serial = run(Repo(root), jobs=1)\n"
        "for cache in (False, True, True):\n"
        "    assert run(Repo(root), jobs=2, cache=cache).findings == serial.findings\n"
        "print(len(serial.findings))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 0
