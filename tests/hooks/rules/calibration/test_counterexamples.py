"""The calibration hook's counterexample rules (CAL012-CAL014, and CAL010/CAL002 for their
shape) on records written by the real store."""

from __future__ import annotations

import json

import pytest

from taskgate.hooks.core import registry
from taskgate.hooks.core.engine import run
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace.repo import Repo
from tests.support.calibration_records import edit_record, fake_record, write_task

COUNTEREXAMPLE_KEYS = ("counterexample", "counterexample_status", "counterexample_reason", "counterexample_sha256")


def findings(root, stage="commit"):
    return [(f.code, f.message, f.line, f.column) for f in run(Repo(root), stage=stage, hooks=("calibration",)).findings]


def codes(root):
    return sorted({f[0] for f in findings(root)})


@pytest.fixture
def task(tmp_path):
    t = write_task(tmp_path)
    fake_record(tmp_path)  # target ffppp: attempts 1 and 2 failed
    return t


def line_of(task, needle):
    lines = (task / "calibration.json").read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def test_failed_target_attempts_carry_bound_counterexamples_and_pass(tmp_path, task):
    data = json.loads((task / "calibration.json").read_text())
    assert data["schema_version"] == 2
    failed = [r for r in data["runs"] if r["role"] == "target" and r["outcome"] == "fail"]
    assert [r["counterexample"]["input"] for r in failed] == ["add(-1, 0)", "add(-1, 0)"]
    assert all("counterexample_status" not in r for r in data["runs"] if r["outcome"] == "pass")
    assert findings(tmp_path) == [] and findings(tmp_path, "merge") == []


def test_failed_attempt_without_counterexample_is_cal012(tmp_path, task):
    edit_record(task, lambda d: [d["runs"][1].pop(k) for k in COUNTEREXAMPLE_KEYS if k in d["runs"][1]])
    (found,) = findings(tmp_path)
    assert found[0] == "CAL012" and "runs[1] (target tgt/model-7b attempt 2) failed but records no counterexample" in found[1]
    assert "taskgate calibrate tasks/add-two" in found[1]


def test_no_code_attempt_needs_no_counterexample(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, target="nnppp")
    assert findings(tmp_path) == []


@pytest.mark.parametrize("edit", [
    lambda r: r["counterexample"].update(got="-1"),            # the answer made to look right
    lambda r: r["counterexample"].update(input="add(5, 5)"),
    lambda r: r["counterexample"].update(examples=1000),
    lambda r: r.update(counterexample=None, counterexample_status="agrees", counterexample_reason="agrees on all inputs"),
])
def test_hand_edited_counterexample_is_cal013_at_its_line(tmp_path, task, edit):
    edit_record(task, lambda d: edit(d["runs"][0]))
    (found,) = findings(tmp_path)
    assert found[0] == "CAL013" and "runs[0] (target tgt/model-7b attempt 1)" in found[1]
    data = json.loads((task / "calibration.json").read_text())
    key = '"counterexample"' if data["runs"][0]["counterexample"] is not None else '"counterexample_status"'
    lines = (task / "calibration.json").read_text().splitlines()
    assert key in lines[found[2] - 1]


def test_counterexample_copied_from_another_attempt_is_cal013(tmp_path):
    task = write_task(tmp_path)
    fake_record(tmp_path, target="fxppp")  # two failures with different counterexamples
    edit_record(task, lambda d: d["runs"][1].update({k: d["runs"][0][k] for k in COUNTEREXAMPLE_KEYS if k in d["runs"][0]}))
    assert [f[0] for f in findings(tmp_path)] == ["CAL013"]


def test_edited_task_hash_breaks_every_counterexample_binding(tmp_path, task):
    edit_record(task, lambda d: d["task_hash"].update(value="0" * 64))
    found = [f for f in findings(tmp_path) if f[0] == "CAL013"]
    assert len(found) == 2  # attempts 1 and 2; CAL004 (stale) reports the hash itself


def test_counterexample_on_a_passing_attempt_is_cal010(tmp_path, task):
    def move(d):
        d["runs"][4].update({k: d["runs"][0][k] for k in COUNTEREXAMPLE_KEYS if k in d["runs"][0]})
    edit_record(task, move)
    found = [f for f in findings(tmp_path) if f[0] == "CAL010"]
    assert len(found) == 1 and "runs[4] carries a counterexample but is not a failed target attempt" in found[0][1]


@pytest.mark.parametrize("edit, needle", [
    (lambda r: r["counterexample"].pop("got"), "'got' is a required property"),
    (lambda r: r["counterexample"].update(examples="100"), "'100'"),
    (lambda r: r["counterexample"].update(stack="x"), "stack"),
    (lambda r: r.update(counterexample_status="maybe"), "maybe"),
    (lambda r: r.update(counterexample_reason="why not"), "counterexample_reason"),
    (lambda r: r.update(counterexample_status="agrees"), "counterexample_reason"),
    (lambda r: r.pop("counterexample_sha256"), "counterexample_sha256"),
])
def test_counterexample_of_the_wrong_shape_is_cal002_at_path_line_col(tmp_path, task, edit, needle):
    edit_record(task, lambda d: edit(d["runs"][0]))
    found = [f for f in findings(tmp_path) if f[0] == "CAL002"]
    assert found and any(needle in f[1] for f in found), found
    assert all(f[2] > 1 and f[3] >= 1 for f in found)
    first_run = line_of(task, '"runs"')
    assert all(f[2] > first_run for f in found)  # inside the runs, not at the top of the file


def test_schema_version_1_record_without_counterexamples_is_a_cal014_warning(tmp_path, task):
    def legacy(d):
        d["schema_version"] = 1
        for r in d["runs"]:
            for k in COUNTEREXAMPLE_KEYS:
                r.pop(k, None)
    edit_record(task, legacy)
    (found,) = findings(tmp_path)
    assert found[0] == "CAL014" and "2 failed target attempt(s) carry no counterexample" in found[1]
    assert registry.severity("CAL014") == "warning" and registry.severity("CAL012") == "error"
    assert found[2] == line_of(task, '"schema_version"')


def test_schema_version_1_record_with_nothing_to_show_has_no_warning(tmp_path):
    task = write_task(tmp_path)
    fake_record(tmp_path, target="nnppp")
    edit_record(task, lambda d: d.update(schema_version=1))
    assert findings(tmp_path) == []


def test_binding_covers_task_hash_dir_candidate_and_fields():
    run_ = {"dir": "calibration/attempts/target-m-1", "candidate": {"path": "p", "sha256": "a" * 64},
            "counterexample": {"input": "f(1)", "expected": "1", "got": "2", "examples": 3}, "counterexample_status": "differs"}
    base = rec.counterexample_binding("h" * 64, run_)
    assert rec.counterexample_binding("h" * 64, dict(run_)) == base
    assert rec.counterexample_binding("g" * 64, run_) != base
    assert rec.counterexample_binding("h" * 64, {**run_, "dir": "calibration/attempts/target-m-2"}) != base
    assert rec.counterexample_binding("h" * 64, {**run_, "candidate": {"path": "p", "sha256": "b" * 64}}) != base
    assert rec.counterexample_binding("h" * 64, {**run_, "counterexample_status": "agrees"}) != base
