"""Differential testing in real containers: the example interval task against candidates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.ci.difftest.run import Budget, compare
from taskgate.ci.sandbox import candidate as cand
from taskgate.hooks.workspace.repo import Repo
from tests.ci.conftest import copy_examples, setup_for

pytestmark = pytest.mark.docker

TASK = "interval-merge-with-gaps"

# The same contract, written another way: sort, then sweep.
ALTERNATIVE = '''
def merge_with_gaps(intervals, max_gap):
    if max_gap < 0:
        raise ValueError("negative gap")
    if any(s > e for s, e in intervals):
        raise ValueError("bad interval")
    out = []
    for s, e in sorted(map(tuple, intervals)):
        if out and s <= out[-1][1] + max_gap:
            last = out.pop()
            out.append((last[0], max(last[1], e)))
        else:
            out.append((s, e))
    return out
'''
# The model error the example's calibration records: the merged group's end is overwritten by
# the current interval's end instead of the running maximum, so a contained interval cuts it short.
LAST_END = ALTERNATIVE.replace("out.append((last[0], max(last[1], e)))", "out.append((last[0], e))")
# Fools `assert f(x) == expected`: equal to everything.
ALWAYS_EQUAL = '''
class Anything(list):
    def __eq__(self, other):
        return True
    __hash__ = None

def merge_with_gaps(intervals, max_gap):
    return Anything()
'''


def _candidate(tmp_path: Path, source: str) -> cand.Candidate:
    directory = tmp_path / "candidate"
    directory.mkdir(exist_ok=True)
    (directory / "intervals.py").write_text(source)
    return cand.read_dir(directory)


@pytest.fixture(scope="module")
def interval_setup(tmp_path_factory, python_image, docker_client):
    root = copy_examples(tmp_path_factory.mktemp("difftest") / "dataset", python_image)
    return root, setup_for(Repo(root).task(TASK), docker_client)


def test_a_correct_rewrite_agrees(interval_setup, tmp_path) -> None:
    _root, setup = interval_setup
    report = compare(setup, _candidate(tmp_path, ALTERNATIVE), Budget(examples=60, seed=1))
    assert report.verdict == "agrees", report
    assert report.examples >= 40


def test_a_real_model_error_is_caught_with_a_shrunk_input(interval_setup, tmp_path) -> None:
    _root, setup = interval_setup
    report = compare(setup, _candidate(tmp_path, LAST_END), Budget(examples=60, seed=1))
    assert report.verdict == "differs", report
    intervals, gap = eval(report.input.removeprefix("merge_with_gaps"))  # noqa: S307 - our own repr of plain data
    assert len(intervals) == 2 and gap == 0, report.input  # shrunk: one interval inside another
    assert report.expected != report.got


def test_an_always_equal_object_cannot_cross_the_boundary(interval_setup, tmp_path) -> None:
    _root, setup = interval_setup
    report = compare(setup, _candidate(tmp_path, ALWAYS_EQUAL), Budget(examples=20, seed=2))
    assert report.verdict == "differs" and "Anything object" in report.got, report


def test_cli_json_is_one_object_per_task_and_deterministic(interval_setup, tmp_path) -> None:
    root, _setup = interval_setup
    directory = tmp_path / "cand"
    directory.mkdir()
    (directory / "intervals.py").write_text(LAST_END)
    argv = [sys.executable, "-m", "taskgate", "difftest", str(root / "tasks" / TASK), "--candidate", str(directory), "--format", "json", "--examples", "60", "--seed", "5"]
    first = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    second = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1, first.stderr
    assert first.stdout == second.stdout
    record = json.loads(first.stdout)
    assert set(record) >= {"task", "candidate", "verdict", "input", "expected", "got", "examples"}
    assert record["verdict"] == "differs"
