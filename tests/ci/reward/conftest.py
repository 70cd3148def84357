"""A copy of the example dataset built FROM the CI base image, and a scorer on it per module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from taskgate.ci.reward.scorer import Scorer
from taskgate.hooks.workspace.repo import Repo

from tests.ci.conftest import EXAMPLES, copy_examples


def recorded_responses() -> list[dict]:
    """Every recorded response line of the example dataset, in file order."""
    lines = []
    for path in sorted((EXAMPLES / "recorded-responses").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                lines.append(json.loads(line))
    return lines


def recorded_outcome(root: Path, item: dict) -> str:
    record = json.loads((root / "tasks" / item["task"] / "calibration.json").read_text())
    for run in record["runs"]:
        if (run["role"], run["model"], run["attempt"]) == (item["role"], item["model"], item["attempt"]):
            return run["outcome"]
    raise AssertionError(f"no calibration run for {item['task']} {item['role']} {item['model']} {item['attempt']}")


@pytest.fixture(scope="module")
def examples_root(tmp_path_factory, python_image) -> Path:
    return copy_examples(tmp_path_factory.mktemp("reward") / "dataset", python_image)


@pytest.fixture(scope="module")
def scorer(examples_root, docker_client):
    active = Scorer(Repo(examples_root))
    yield active
    active.close()
