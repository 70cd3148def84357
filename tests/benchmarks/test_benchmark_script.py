"""The benchmark runs from one command and writes its table (timings are not asserted here:
timing targets live in benchmarks/, never in unit tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_benchmark_runs_end_to_end_on_a_tiny_dataset(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TASKGATE_CACHE_DIR"}
    cmd = [sys.executable, "-m", "benchmarks.run", "--sizes", "6,12", "--runs", "1", "--slow-runs", "1",
           "--scenarios", "cold,warm,touched,hook,commit-umbrella,pipeline",
           "--data-dir", str(tmp_path / "data"), "--out-dir", str(tmp_path / "out")]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "results.json").read_text())
    for size in ("6", "12"):
        results = report["sizes"][size]
        assert results["cold"]["returncodes"] == results["warm"]["returncodes"]
        assert results["cold"]["returncodes"] in ([0], [1])
        assert results["warm"]["wall_s"]["median"] > 0 and results["cold"]["peak_mb"]["median"] > 0
        assert set(results["pipeline"]["tools"]) == {"check-jsonschema", "hadolint", "ruff"}
    table = (tmp_path / "out" / "table.md").read_text()
    assert table == proc.stdout and "1. `taskgate check --stage commit`, cold" in table
    assert "Growth from 6 to 12 tasks" in table
    # The data set is deterministic: the same bytes again.
    again = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(again), "--tasks", "12"], cwd=REPO, check=True)
    first = tmp_path / "data" / "tasks-12" / "tasks"
    assert sorted(p.relative_to(first).as_posix() for p in first.rglob("*")) == sorted(p.relative_to(again / "tasks").as_posix() for p in (again / "tasks").rglob("*"))
    assert all((first / p.relative_to(again / "tasks")).read_bytes() == p.read_bytes() for p in (again / "tasks").rglob("*") if p.is_file())
