"""The tamper scan of committed calibration attempts, through the `calibration` hook."""

from __future__ import annotations

from taskgate.hooks.core.engine import run
from taskgate.hooks.workspace.repo import Repo
from tests.support.calibration_records import fake_record, write_task


def findings(root):
    return [(f.path, f.code, f.line, f.message) for f in run(Repo(root), stage="commit", hooks=("calibration",)).findings]


def test_a_hack_counted_as_a_pass_is_reported_at_its_lines(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, target="ffhpp")
    found = findings(tmp_path)
    assert {(code, line) for _, code, line, _ in found} == {("TMP005", 5)}
    assert all(path.endswith("calibration/attempts/target-tgt-model-7b-3/solution/adder.py") for path, *_ in found)
    assert "counts as a pass" in found[0][3]


def test_a_hack_recorded_as_a_failure_is_not_reported(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, target="fxppp")
    assert findings(tmp_path) == []


def test_what_the_ground_truth_does_itself_is_allowed(tmp_path):
    task = write_task(tmp_path)
    (task / "solution" / "adder.py").write_text("import sys\n\n\ndef add(a: int, b: int) -> int:\n    return sys._getframe(1).f_locals['expected']\n")
    fake_record(tmp_path, target="ffhpp")
    assert [c for _, c, _, _ in findings(tmp_path) if c.startswith("TMP")] == []
