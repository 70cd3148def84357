"""CFG and WVR rules, and waivers silencing findings."""

from __future__ import annotations

import datetime as _dt

TODAY = _dt.date(2026, 6, 1)


def test_cfg001_schema_error_with_position(dataset):
    dataset.add_task()
    dataset.write("taskgate.yaml", "schema_version: 1\nmax_file_size: big\ntask_root: x\n")
    findings = dataset.check(hooks=("config",))
    assert [(f.code, f.line) for f in findings] == [("CFG001", 2), ("CFG001", 3)]
    assert findings[0].path == "taskgate.yaml"
    assert "unknown key 'task_root'" in findings[1].message


def test_cfg001_malformed_yaml(dataset):
    dataset.write("taskgate.yaml", "waivers: [\n")
    [f] = dataset.check(hooks=("config",))
    assert f.code == "CFG001" and "invalid YAML" in f.message


def test_cfg001_bad_key_falls_back_to_default(dataset):
    dataset.add_task()
    dataset.write("taskgate.yaml", "max_file_size: -5\n")
    assert dataset.codes() == ["CFG001"]  # and no LAY005 storm from a negative limit


def test_clean_config_has_no_findings(dataset):
    dataset.add_task()
    dataset.write("taskgate.yaml", "schema_version: 1\ntasks_root: tasks\nmin_mutants: 4\n")
    assert dataset.check(hooks=("config",)) == []


def test_custom_tasks_root(dataset):
    dataset.write("taskgate.yaml", "tasks_root: data/tasks\n")
    dataset.write("data/tasks/sum-list/task.yaml", "id: x\n")
    assert "META002" in dataset.codes(hooks=("metadata",))


def stray(dataset, task):
    (task / "NOTES.md").write_text("x\n")


WAIVER = """\
waivers:
  - rule: LAY002
    path: tasks/sum-list
    reason: notes are kept while the task is reviewed
    owner: ada
    expires: {expires}
"""


def test_repo_waiver_silences_matching_path_only(dataset):
    stray(dataset, dataset.add_task())
    stray(dataset, dataset.add_task("other-task"))
    dataset.write("taskgate.yaml", WAIVER.format(expires="2026-12-31"))
    findings = dataset.check(today=TODAY)
    assert [(f.code, f.path) for f in findings] == [("LAY002", "tasks/other-task/NOTES.md")]


def test_wvr002_expired_waiver_is_a_finding_and_silences_nothing(dataset):
    stray(dataset, dataset.add_task())
    dataset.write("taskgate.yaml", WAIVER.format(expires="2026-01-31"))
    findings = dataset.check(today=TODAY)
    assert sorted((f.code, f.line) for f in findings) == [("LAY002", 1), ("WVR002", 6)]


def test_wvr001_repo_waiver_without_reason(dataset):
    stray(dataset, dataset.add_task())
    dataset.write("taskgate.yaml", WAIVER.format(expires="2026-12-31").replace("notes are kept while the task is reviewed", "''"))
    codes = sorted(dataset.codes(today=TODAY))
    assert codes == ["LAY002", "WVR001"]


def test_wvr003_repo_waiver_unknown_rule(dataset):
    dataset.add_task()
    dataset.write("taskgate.yaml", WAIVER.format(expires="2026-12-31").replace("LAY002", "LAY999"))
    assert dataset.codes(today=TODAY) == ["WVR003"]


def test_inline_waiver_with_reason_silences_its_line(dataset):
    task = dataset.add_task()
    (task / "task.yaml").write_text((task / "task.yaml").read_text().replace("timeout_seconds: 60", "timeout_seconds: soon  # taskgate: ignore[META002] testing the waiver"))
    assert dataset.codes() == []


def test_inline_waiver_standalone_comment_covers_next_line(dataset):
    task = dataset.add_task()
    (task / "task.yaml").write_text((task / "task.yaml").read_text().replace("timeout_seconds: 60", "# taskgate: ignore[META002] testing the waiver\ntimeout_seconds: soon"))
    assert dataset.codes() == []


def test_wvr001_inline_waiver_without_reason_silences_nothing(dataset):
    task = dataset.add_task()
    (task / "task.yaml").write_text((task / "task.yaml").read_text().replace("timeout_seconds: 60", "timeout_seconds: soon  # taskgate: ignore[META002]"))
    assert sorted(dataset.codes()) == ["META002", "WVR001"]


def test_wvr003_inline_waiver_unknown_code(dataset):
    task = dataset.add_task()
    (task / "solution" / "solution.py").write_text("def solve(values):\n    return sum(values)  # taskgate: ignore[DET999] because\n")
    assert dataset.codes() == ["WVR003"]


def test_inline_waiver_for_other_code_does_not_silence(dataset):
    task = dataset.add_task()
    (task / "task.yaml").write_text((task / "task.yaml").read_text().replace("timeout_seconds: 60", "timeout_seconds: soon  # taskgate: ignore[LAY002] wrong code"))
    assert dataset.codes() == ["META002"]


def test_disable_switches_a_rule_off(dataset):
    stray(dataset, dataset.add_task())
    dataset.write("taskgate.yaml", "disable: [LAY002]\n")
    assert dataset.codes() == []
