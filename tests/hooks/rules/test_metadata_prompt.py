"""META and PRM rules."""

from __future__ import annotations

import pytest

HOOKS = ("metadata", "prompt")


def set_yaml(task, old: str, new: str) -> None:
    path = task / "task.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_meta001_malformed_yaml_has_position(dataset):
    task = dataset.add_task()
    set_yaml(task, "edge_cases:\n  - empty list", "edge_cases: [empty list")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "META001" and "invalid YAML" in f.message and f.line > 1


@pytest.mark.parametrize(
    "content, expected",
    [("", "empty"), ("   \n# only a comment\n", "empty"), ("- a\n- b\n", "mapping"), (b"\xff\xfe\x00x", "binary"), ("a: 1\na: 2\n", "duplicate key")],
)
def test_meta001_unusable_task_yaml(dataset, content, expected):
    task = dataset.add_task()
    dataset.write("tasks/sum-list/task.yaml", content)
    findings = [f for f in dataset.check(hooks=HOOKS) if f.code == "META001"]
    assert len(findings) == 1 and expected in findings[0].message
    assert (task / "task.yaml").exists()


def test_meta002_unknown_key_points_at_key(dataset):
    task = dataset.add_task()
    set_yaml(task, "authors:", "autors:\n  - x\nauthors:")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "META002" and "unknown key 'autors'" in f.message
    assert (f.line, f.column) == (15, 1)


def test_meta002_wrong_value_points_at_value(dataset):
    task = dataset.add_task()
    set_yaml(task, "timeout_seconds: 60", "timeout_seconds: soon")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "META002" and "timeout_seconds" in f.message
    assert (f.line, f.column) == (14, 18)


def test_meta002_nested_value_position(dataset):
    task = dataset.add_task()
    set_yaml(task, "space: O(1)", "space: constant")
    findings = dataset.check(hooks=HOOKS)
    meta = [f for f in findings if f.code == "META002"]
    assert len(meta) == 1 and meta[0].line == 10 and "constraints.space" in meta[0].message


def test_meta002_missing_required_key(dataset):
    task = dataset.add_task()
    set_yaml(task, "timeout_seconds: 60\n", "")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "META002" and "'timeout_seconds' is a required property" in f.message


def test_meta002_category_from_config(dataset):
    task = dataset.add_task()
    set_yaml(task, "category: algorithms", "category: puzzles")
    assert dataset.codes(hooks=HOOKS) == ["META002"]
    dataset.write("taskgate.yaml", "categories: [puzzles, testing]\n")
    assert dataset.codes(hooks=HOOKS) == []


def test_meta002_extra_language_from_config(dataset):
    task = dataset.add_task()
    set_yaml(task, "language: python", "language: kotlin")
    assert dataset.codes(hooks=HOOKS) == ["META002"]
    dataset.write("taskgate.yaml", "languages: [kotlin]\n")
    assert dataset.codes(hooks=HOOKS) == []


def test_meta003_draft_rejected_only_at_merge(dataset):
    dataset.add_task()
    assert dataset.codes(hooks=HOOKS) == []
    [f] = dataset.check(hooks=HOOKS, stage="merge")
    assert f.code == "META003" and f.line == 6


def test_prm001_empty_prompt(dataset):
    dataset.add_task()
    dataset.write("tasks/sum-list/prompt.md", "  \n\n")
    assert dataset.codes(hooks=HOOKS) == ["PRM001"]


def test_prm002_signature_must_be_verbatim(dataset):
    dataset.add_task()
    dataset.write("tasks/sum-list/prompt.md", "Implement `def solve(values: list) -> int:` in O(n) time and O(1) space.\n")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "PRM002" and "task.yaml line 7" in f.message


def test_prm002_whitespace_may_wrap(dataset):
    dataset.add_task()
    dataset.write("tasks/sum-list/prompt.md", "```\ndef solve(values:\n    list[int]) -> int:\n```\nO(n) time, O(1) space.\n")
    assert dataset.codes(hooks=HOOKS) == []


def test_prm002_each_signature_of_a_list(dataset):
    task = dataset.add_task()
    set_yaml(task, 'signature: "def solve(values: list[int]) -> int:"', 'signature:\n  - "def solve(values: list[int]) -> int:"\n  - "def helper() -> None:"')
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "PRM002" and "helper" in f.message


def test_prm003_constraints_stated(dataset):
    dataset.add_task()
    dataset.write("tasks/sum-list/prompt.md", "Implement `def solve(values: list[int]) -> int:` in O(n) time.\n")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "PRM003" and "space bound 'O(1)'" in f.message
