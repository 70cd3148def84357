"""The static calibration hook (CAL001-CAL010) on records written by the real store."""

from __future__ import annotations

import json

import pytest

from taskgate.hooks.core.engine import run
from taskgate.hooks.main import main as hook_main
from taskgate.hooks.workspace.repo import Repo
from tests.support.calibration_records import WRONG, edit_record, fake_record, write_task


def findings(root, stage="commit"):
    return [(f.path, f.code, f.message, f.line) for f in run(Repo(root), stage=stage, hooks=("calibration",)).findings]


def codes(root, stage="commit"):
    return sorted({c for _, c, _, _ in findings(root, stage)})


@pytest.fixture
def task(tmp_path):
    t = write_task(tmp_path)
    fake_record(tmp_path)
    return t


def test_genuine_in_band_record_is_clean(tmp_path, task):
    assert findings(tmp_path) == [] and findings(tmp_path, "merge") == []


def test_hand_edited_verdict_is_caught(tmp_path):
    task = write_task(tmp_path)
    fake_record(tmp_path, target="fpppp")  # too easy: 1 of 5 failed
    assert codes(tmp_path) == ["CAL006"]
    edit_record(task, lambda d: d.update(verdict="in-band"))
    (found,) = [f for f in findings(tmp_path) if f[1] == "CAL003"]
    path, _, message, line = found
    assert path == "tasks/add-two/calibration.json"
    assert "verdict is 'in-band' but the runs give 'too-easy'" in message and "tgt/model-7b: 4/5 passed" in message
    assert line > 1  # points at the verdict


def test_hand_edited_summary_is_caught(tmp_path, task):
    edit_record(task, lambda d: d["summary"]["tgt/model-7b"].update(n_pass=1))
    assert any("summary of tgt/model-7b is target 1/5 passed but the runs give target 3/5" in f[2] for f in findings(tmp_path))


def test_edited_prompt_makes_ready_record_stale_naming_the_file(tmp_path, task):
    (task / "prompt.md").write_text((task / "prompt.md").read_text() + "\nHint: use abs().\n")
    (stale,) = [f for f in findings(tmp_path) if f[1] == "CAL004"]
    assert "prompt.md changed since the task was calibrated" in stale[2] and "taskgate calibrate tasks/add-two" in stale[2]


def test_added_test_file_is_named(tmp_path, task):
    (task / "tests" / "test_more.py").write_text("def test_x():\n    pass\n")
    assert any("tests/test_more.py changed" in f[2] for f in findings(tmp_path) if f[1] == "CAL004")


def test_draft_record_is_not_stale_checked(tmp_path):
    task = write_task(tmp_path, status="draft")
    fake_record(tmp_path, target="ppppp")  # too easy is fine for a draft
    (task / "prompt.md").write_text("# changed\n")
    assert codes(tmp_path) == []


def test_tampered_candidate_is_caught(tmp_path, task):
    cand = task / "calibration/attempts/target-tgt-model-7b-1/solution/adder.py"
    cand.write_text(WRONG + "# tweak\n")
    (found,) = findings(tmp_path)
    assert found[1] == "CAL005" and "runs[0] candidate calibration/attempts/target-tgt-model-7b-1/solution/adder.py does not match its sha256" in found[2]


def test_missing_response_is_caught(tmp_path, task):
    (task / "calibration/attempts/reference-ref-large-2/response.json").unlink()
    assert [f[1] for f in findings(tmp_path)] == ["CAL005"]


def test_stray_attempt_file(tmp_path, task):
    (task / "calibration/attempts/target-tgt-model-7b-9").mkdir()
    (task / "calibration/attempts/target-tgt-model-7b-9/response.json").write_text("{}")
    (found,) = findings(tmp_path)
    assert found[:2] == ("tasks/add-two/calibration/attempts/target-tgt-model-7b-9/response.json", "CAL009")


def test_calibration_dir_without_record(tmp_path, task):
    (task / "calibration.json").unlink()
    assert {f[1] for f in findings(tmp_path)} == {"CAL009"}


def test_ready_needs_in_band(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, reference="fff")
    (found,) = [f for f in findings(tmp_path) if f[1] == "CAL006"]
    assert "verdict is 'too-cold': no reference model solved it" in found[2]


def test_ready_needs_reasoning_pivot(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, pivot="  ")
    assert codes(tmp_path) == ["CAL007"]


def test_infra_errors_do_not_count(tmp_path):
    write_task(tmp_path)
    fake_record(tmp_path, target="ffpppi")  # five counted + one infra error: complete, in band
    assert codes(tmp_path) == []
    write_task(tmp_path, task_id="add-three")
    fake_record(tmp_path, task_id="add-three", target="ffppi")  # four counted: incomplete
    assert [f[1] for f in findings(tmp_path)] == ["CAL006"]


def test_no_code_must_be_a_failure(tmp_path, task):
    write_task(tmp_path, task_id="add-three")
    fake_record(tmp_path, task_id="add-three", target="nnppp")
    assert codes(tmp_path) == []
    edit_record(tmp_path / "tasks/add-three", lambda d: d["runs"][0].update(outcome="pass"))
    assert "CAL010" in codes(tmp_path)


def test_rule_must_match_config(tmp_path, task):
    (tmp_path / "taskgate.yaml").write_text("schema_version: 1\ncalibration:\n  min_target_failures: 3\n")
    found = [f for f in findings(tmp_path) if f[1] == "CAL008"]
    assert len(found) == 1 and "rule.min_target_failures is 2 but taskgate.yaml sets 3" in found[0][2]


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d["runs"].append(dict(d["runs"][0])), "repeats target tgt/model-7b attempt 1"),
        (lambda d: d["runs"][1].update(dir="calibration/attempts/target-tgt-model-7b-7"), "this attempt's directory is"),
        (lambda d: d["runs"][2]["sampling"].update(temperature=0.2), "sampled with different settings"),
        (lambda d: d["runs"].__delitem__(1), "has no run for attempt 2"),
        (lambda d: d["rule"].update(extended_target_attempts=10), "were not borderline"),
    ],
)
def test_inconsistent_runs(tmp_path, change, needle):
    write_task(tmp_path)
    fake_record(tmp_path, target="ffffp")  # 4 of 5 failed: not borderline
    edit_record(tmp_path / "tasks/add-two", change)
    assert any(f[1] == "CAL010" and needle in f[2] for f in findings(tmp_path)), findings(tmp_path)


def test_extension_of_a_borderline_result_uses_the_rate(tmp_path):
    write_task(tmp_path)
    # base 5: 1 failure (borderline); extended to 10 with 4 failures: 4/10 >= 2/5: in band
    fake_record(tmp_path, target="fpppp" + "ffpfp", rule={"target_attempts": 5, "min_target_failures": 2, "reference_attempts": 3,
                                                        "min_reference_passes": 1, "extended_target_attempts": 10})
    assert codes(tmp_path) == []


def test_schema_violation_points_at_the_line(tmp_path, task):
    edit_record(task, lambda d: d["runs"][0].update(outcome="passed"))
    (found,) = findings(tmp_path)
    assert found[1] == "CAL002" and "runs[0].outcome" in found[2]
    text = (task / "calibration.json").read_text().splitlines()
    assert '"passed"' in text[found[3] - 1]


@pytest.mark.parametrize("content, needle", [("{not json", "invalid JSON"), ("[1]", "must be a JSON object"), ("\xff", "UTF-8")])
def test_unreadable(tmp_path, task, content, needle):
    (task / "calibration.json").write_bytes(content.encode("latin-1"))
    (found,) = findings(tmp_path)
    assert found[1] == "CAL001" and needle in found[2]


def test_pre_commit_entry_checks_the_whole_task_from_any_file(tmp_path, task, monkeypatch, capsys):
    (task / "tests" / "test_adder.py").write_text("def test_nothing():\n    pass\n")
    monkeypatch.chdir(tmp_path)
    assert hook_main(["calibration", "tasks/add-two/tests/test_adder.py"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("tasks/add-two/calibration.json:") and "CAL004" in out and "tests/test_adder.py changed" in out


def test_record_is_deterministic_json(tmp_path, task):
    data = json.loads((task / "calibration.json").read_text())
    assert list(data) == ["schema_version", "toolchain_version", "task_hash", "environment_digest", "base_image_override", "rule", "runs", "summary", "verdict", "reasoning_pivot"]
    assert [r["attempt"] for r in data["runs"]] == [1, 2, 3, 4, 5, 1, 2, 3]


def test_candidate_path_escaping_its_directory(tmp_path, task):
    edit_record(task, lambda d: d["runs"][0]["candidate"].update(path=d["runs"][0]["dir"] + "/solution/../../../../task.yaml"))
    found = findings(tmp_path)
    assert {f[1] for f in found} == {"CAL005", "CAL009", "CAL010"}  # and the real candidate is now stray
    assert any("is outside calibration/attempts/target-tgt-model-7b-1/solution/" in f[2] for f in found)


def test_symlinked_record_is_still_checked(tmp_path, task):
    (task / "calibration.json").rename(task / "record.json")
    (task / "calibration.json").symlink_to("record.json")
    edit_record(task, lambda d: d.update(verdict="too-cold"))
    assert "CAL003" in codes(tmp_path)
