"""CTR002: text of the template the author was meant to replace fails the merge gate."""

from __future__ import annotations

import subprocess
import sys

import pytest
from taskgate.hooks.workspace import resources

from tests.support.datasets import DatasetRepo

HOOKS = ("contract",)


def _new(tmp_path, language: str = "python", category: str = "algorithms") -> DatasetRepo:
    dataset = DatasetRepo(tmp_path / "ds")
    dataset.write("taskgate.yaml", "schema_version: 1\n")
    subprocess.run(["git", "init", "-q", str(dataset.root)], check=True)
    subprocess.run([sys.executable, "-m", "taskgate", "new", "lru-cache", "--category", category, "--language", language],
                   cwd=dataset.root, check=True, capture_output=True)
    return dataset


def test_placeholders_come_from_the_template():
    placeholders = resources.template_placeholders()
    assert placeholders["author"] == "your-name"
    assert all("{{" not in text for text in placeholders.values())


@pytest.mark.parametrize("language", ["python", "go", "rust", "java", "typescript"])
def test_a_fresh_task_passes_commit_and_fails_merge_on_every_placeholder(tmp_path, language):
    dataset = _new(tmp_path, language)
    assert dataset.check(stage="commit") == []
    found = [(f.path.split("/", 2)[2], f.line) for f in dataset.check(stage="merge", hooks=HOOKS)]
    assert ("task.yaml", 16) in found and ("prompt.md", 3) in found
    assert any(path.startswith("solution/") for path, _ in found)


def test_a_finished_task_passes_merge(tmp_path):
    dataset = _new(tmp_path)
    task = dataset.root / "tasks" / "lru-cache"
    (task / "task.yaml").write_text((task / "task.yaml").read_text().replace("your-name", "Grace Hopper"))
    prompt = (task / "prompt.md").read_text()
    (task / "prompt.md").write_text(prompt.replace(resources.template_placeholders()["problem"], "Return the sum of `values`; an empty list sums to 0."))
    solution = (task / "solution" / "solution.py").read_text()
    (task / "solution" / "solution.py").write_text(solution.replace("Ground truth: replace with the reference solution.", "Sum of a list, one pass."))
    assert dataset.check(stage="merge", hooks=HOOKS) == []


def test_a_rewrapped_or_partly_kept_placeholder_is_found(tmp_path):
    dataset = _new(tmp_path)
    task = dataset.root / "tasks" / "lru-cache"
    problem = resources.template_placeholders()["problem"]
    # The author kept the first sentence, re-wrapped, and wrote the rest.
    kept = problem.split(":")[0].replace(" the ", "\nthe ")
    (task / "prompt.md").write_text((task / "prompt.md").read_text().replace(problem, kept + ": a list of ints in, their sum out."))
    found = [f for f in dataset.check(stage="merge", hooks=HOOKS) if f.path.endswith("prompt.md")]
    assert [(f.line, f.column) for f in found] == [(3, 1)]
    assert "part of the template's placeholder" in found[0].message


def test_unfilled_template_fields_are_found(tmp_path):
    dataset = DatasetRepo(tmp_path / "ds")
    task = dataset.add_task()
    (task / "prompt.md").write_text((task / "prompt.md").read_text() + "\n# {{title}}\n")
    [f] = dataset.check(stage="merge", hooks=HOOKS)
    assert (f.code, f.line, f.column) == ("CTR002", 6, 3) and "{{title}}" in f.message


def test_calibration_attempts_are_not_read(tmp_path):
    dataset = DatasetRepo(tmp_path / "ds")
    dataset.add_task()
    dataset.write("tasks/sum-list/calibration/attempts/t-1/solution/s.py", "# your-name\n")
    assert dataset.check(stage="merge", hooks=HOOKS) == []
