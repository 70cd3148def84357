"""Real pre-commit over a tree large enough to be chunked: every finding is reported exactly once.

pre-commit splits a hook's file list into command-line-sized chunks, one process each; the
hooks claim what they check (hooks/core/chunks.py). These runs use the hooks of
.pre-commit-hooks.yaml as local hooks running this checkout's `taskgate-hook`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pre_commit.xargs import _get_platform_max_length, partition

from benchmarks.generate import generate
from benchmarks.run import precommit_config
from taskgate.hooks.core import chunks

from .conftest import git

pytestmark = pytest.mark.slow
FINDING = re.compile(r"^\S+:\d+:\d+: [A-Z]+\d{3} ", re.M)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 tasks (about 5,500 files: more than one 128 KiB command line), one in five with a
    stale calibration record, one in ten reading the clock, some with other defects."""
    root = tmp_path_factory.mktemp("chunked") / "dataset"
    generate(root, 600, seed=5, findings=0.2)
    (root / ".pre-commit-config.yaml").write_text(precommit_config(umbrella=False))
    (root / ".pre-commit-umbrella.yaml").write_text(precommit_config(umbrella=True))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pre-commit configs")
    return root


def _env(tmp_path: Path) -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "TASKGATE_CACHE_DIR": str(tmp_path / "cache"),
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}


def _run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *args], cwd=root, env=env, capture_output=True, text=True, timeout=900)


def _expected(root: Path, env: dict[str, str], *hooks: str) -> list[str]:
    options = [a for h in hooks for a in ("--hook", h)]
    proc = subprocess.run([sys.executable, "-m", "taskgate", "check", "--no-cache", *options], cwd=root, env=env, capture_output=True, text=True, timeout=900)
    return _reported(proc.stdout)


def _reported(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if FINDING.match(line))


def _chunks_of(files: list[str]) -> list[tuple[str, ...]]:
    return [c[2:] for c in partition(("taskgate-hook", "all"), files, 1, _get_platform_max_length())]


def test_the_tree_is_chunked_and_a_task_is_split_across_chunks(big):
    files = subprocess.run(["git", "ls-files"], cwd=big, capture_output=True, text=True, check=True).stdout.split()
    parts = _chunks_of(files)
    assert len(parts) >= 2
    owners = [{f.split("/")[1] for f in part if f.startswith("tasks/")} for part in parts]
    assert any(owners[i] & owners[i + 1] for i in range(len(owners) - 1)), "some task's files straddle two chunks"


def test_all_files_reports_every_finding_once(big, tmp_path):
    env = _env(tmp_path)
    expected = _expected(big, env)
    assert len(expected) > 100
    for attempt in ("cold", "warm"):
        proc = _run(big, env, "--all-files", "--config", ".pre-commit-umbrella.yaml")
        assert proc.returncode == 1, attempt
        reported = _reported(proc.stdout)
        assert [f for f, n in Counter(reported).items() if n > 1] == [], attempt
        assert reported == expected, attempt


def test_per_concern_hooks_report_every_finding_once(big, tmp_path):
    env = _env(tmp_path)
    proc = _run(big, env, "--all-files")
    assert proc.returncode == 1
    reported = _reported(proc.stdout)
    assert [f for f, n in Counter(reported).items() if n > 1] == []
    assert reported == _expected(big, env)


def test_chunks_without_the_config_file_claim_their_own_tasks(big, tmp_path):
    """`pre-commit run --files` over every task file but taskgate.yaml: no chunk checks the whole
    repository, tasks straddling two chunks are still checked once."""
    env = _env(tmp_path)
    files = [f for f in subprocess.run(["git", "ls-files", "tasks"], cwd=big, capture_output=True, text=True, check=True).stdout.split()]
    assert len(_chunks_of(files)) >= 2
    proc = _run(big, env, "--config", ".pre-commit-umbrella.yaml", "--files", *files)
    reported = _reported(proc.stdout)
    assert [f for f, n in Counter(reported).items() if n > 1] == []
    assert reported == _expected(big, env)


def test_two_runs_of_pre_commit_each_report_their_findings(big, tmp_path):
    """Claims belong to one pre-commit run: the next run reports everything again."""
    env = _env(tmp_path)
    first = _reported(_run(big, env, "--all-files", "--config", ".pre-commit-umbrella.yaml").stdout)
    second = _reported(_run(big, env, "--all-files", "--config", ".pre-commit-umbrella.yaml").stdout)
    assert first == second and first


@pytest.mark.parametrize(("argv", "expected"), [
    (["/usr/bin/python3", "-m", "pre_commit", "run", "--all-files"], True),
    (["pre-commit", "run", "-a"], True),
    (["pre-commit", "run", "-va"], True),
    (["pre-commit", "try-repo", "../taskgate", "--all-files", "--verbose"], True),
    (["pre-commit", "run", "--files", "tasks/a/prompt.md"], False),
    (["python", "-mpre_commit", "hook-impl", "--config=.pre-commit-config.yaml", "--hook-type=pre-commit"], False),
    (["pre-commit", "run", "--config", "-a"], False),
])
def test_all_files_is_read_from_pre_commits_command_line(argv, expected):
    assert chunks.all_files(argv) is expected


def test_outside_pre_commit_nothing_is_claimed(tmp_path, monkeypatch):
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert chunks.open_claims(tmp_path, tmp_path, "commit|layout|text") is None


def test_a_claim_is_won_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PRE_COMMIT", "1")
    first = chunks.open_claims(tmp_path, tmp_path, "commit|layout|text")
    second = chunks.open_claims(tmp_path, tmp_path, "commit|layout|text")
    other_hook = chunks.open_claims(tmp_path, tmp_path, "commit|prompt|text")
    assert first.take(["a", "b"]) == ["a", "b"]
    assert second.take(["b", "c", chunks.WHOLE]) == ["c", chunks.WHOLE]
    assert second.taken(chunks.WHOLE) and not first.taken("d")
    assert other_hook.take(["a"]) == ["a"]


def test_the_hook_offers_every_output_format():
    """hooks/main.py names the formats itself (importing them costs more than a chunk with
    nothing to claim spends in all); they must stay the output module's."""
    import argparse

    from taskgate.hooks import main as hook_main
    from taskgate.hooks.output.formats import FORMATS

    seen: list[tuple[str, ...]] = []
    original = argparse.ArgumentParser.add_argument

    def spy(self, *args, **kwargs):
        if args and args[0] == "--format":
            seen.append(tuple(kwargs["choices"]))
        return original(self, *args, **kwargs)

    argparse.ArgumentParser.add_argument = spy
    try:
        hook_main.main(["config", "--format", "text", "--no-cache", "definitely-missing-file"])
    finally:
        argparse.ArgumentParser.add_argument = original
    assert seen and sorted(seen[0]) == sorted(FORMATS)
