"""Everything taskgate writes gets the modes the umask allows, as `open()` and `mkdir()` give.

mkstemp/mkdtemp create 0600/0700 whatever the umask; a report or export only its writer can read
is a bug on a shared machine, and a hard-coded 0644 ignores a umask that asks for more privacy.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from taskgate.cli import main
from taskgate.hooks.output import summary
from taskgate.hooks.workspace import atomic


@pytest.fixture(params=[0o002, 0o027], ids=["umask002", "umask027"])
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_current_umask_reads_without_changing(umask):
    assert atomic.umask() == umask
    assert atomic.umask() == umask


def test_new_report_and_export_respect_the_umask(tmp_path, monkeypatch, umask):
    repo = tmp_path / "ds"
    repo.mkdir()
    (repo / "taskgate.yaml").write_text("schema_version: 1\n")
    monkeypatch.chdir(repo)
    assert main(["new", "two-sum", "--category", "algorithms", "--language", "python"]) == 0
    task = repo / "tasks" / "two-sum"
    assert mode(task) == 0o777 & ~umask
    assert mode(task / "solution") == 0o777 & ~umask
    assert mode(task / "task.yaml") == 0o666 & ~umask

    assert main(["report", "--out", "out/report.html"]) == 0
    assert mode(repo / "out" / "report.html") == 0o666 & ~umask

    assert main(["export", "--out", "export"]) == 0
    assert mode(repo / "export") == 0o777 & ~umask
    for name in ("manifest.json", "rl.jsonl", "sft.jsonl"):
        assert mode(repo / "export" / name) == 0o666 & ~umask


def test_summary_append_creates_with_the_umask_and_keeps_an_existing_mode(tmp_path, umask):
    fresh = tmp_path / "summary.md"
    summary.append(fresh, "# one\n")
    assert mode(fresh) == 0o666 & ~umask
    fresh.chmod(0o600)
    summary.append(fresh, "# two\n")
    assert mode(fresh) == 0o600 and fresh.read_text() == "# one\n# two\n"


def test_atomic_writes_and_staging_dirs(tmp_path, umask):
    atomic.write(tmp_path / "a" / "b.json", "{}\n")
    assert mode(tmp_path / "a" / "b.json") == 0o666 & ~umask
    staging = atomic.staging_dir(tmp_path / "c", ".x.")
    assert mode(staging) == 0o777 & ~umask
    atomic.write(tmp_path / "exact", b"x", mode=0o600)
    assert mode(tmp_path / "exact") == 0o600
