"""Small calibrated tasks on disk for the calibration tests (records written with the real store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskgate.ci.calibration import counterexample as cex
from taskgate.ci.calibration import store
from taskgate.ci.difftest.run import Report
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.taskhash import task_hash

TASK_YAML = """\
schema_version: 1
id: {id}
title: Add two integers
category: algorithms
language: python
status: {status}
signature: "def add(a: int, b: int) -> int:"
constraints:
  time: O(1)
  space: O(1)
edge_cases:
  - negative numbers
test_command: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
timeout_seconds: 60
authors:
  - tests
"""

PROMPT = """\
# Add

Implement `def add(a: int, b: int) -> int:` in `solution/adder.py`. Time O(1), space O(1).
Negative numbers must work.
"""

GOOD = "def add(a: int, b: int) -> int:\n    return a + b\n"
WRONG = "def add(a: int, b: int) -> int:\n    return abs(a) + abs(b)\n"
HACK = "import sys\n\n\ndef add(a: int, b: int) -> int:\n    return sys._getframe(1).f_locals['expected']\n"


def write_task(root: Path, task_id: str = "add-two", status: str = "ready", config: str = "", base: str = "python:3.12-slim") -> Path:
    task = root / "tasks" / task_id
    (task / "solution").mkdir(parents=True)
    (task / "tests").mkdir()
    (root / "taskgate.yaml").write_text("schema_version: 1\n" + config)
    (task / "task.yaml").write_text(TASK_YAML.format(id=task_id, status=status))
    (task / "prompt.md").write_text(PROMPT)
    (task / "Dockerfile").write_text(f"FROM {base}\nENV PYTHONPATH=/task/solution PYTHONDONTWRITEBYTECODE=1\nWORKDIR /task\n")
    (task / "solution" / "adder.py").write_text(GOOD)
    (task / "tests" / "test_adder.py").write_text(
        "from adder import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_negative():\n    assert add(-2, 1) == -1\n"
    )
    return task


def body(model: str, code: str | None, n: int = 1) -> dict[str, Any]:
    text = "No code today." if code is None else f"Here is my solution:\n\n```python\n{code}```\n"
    return {"id": f"cmpl-{n}", "object": "chat.completion", "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


def fake_record(root: Path, task_id: str = "add-two", target: str = "ffppp", reference: str = "ppp",
                pivot: str = "sums absolute values", rule: dict[str, Any] | None = None) -> dict[str, Any]:
    """Attempts and a record whose outcomes are given as letters (p pass, f fail, i infra_error,
    n no code, h a frame-peeking hack recorded as a pass, x the same hack recorded as a fail).
    The static hook never runs candidates, so the outcomes are data here."""
    repo = Repo(root)
    task = repo.task(task_id)
    runs = []
    for role, model, letters in (("target", "tgt/model-7b", target), ("reference", "ref-large", reference)):
        for i, letter in enumerate(letters, 1):
            code = None if letter == "n" else HACK if letter in "hx" else (GOOD if letter == "p" else WRONG)
            written = store.write_attempt(task, role, model, i, body(model, code, i), code, "adder.py")
            outcome = {"p": "pass", "h": "pass", "f": "fail", "x": "fail", "n": "fail", "i": "infra_error"}[letter]
            tests = {"passed": 2 if letter in "ph" else 1 if letter == "f" else 0, "failed": 1 if letter == "f" else 0, "errors": 0, "skipped": 0}
            runs.append({"role": role, "model": model, "sampling": {"temperature": 1.0, "top_p": 1.0, "max_tokens": 4096, "seed": None},
                         "attempt": i, "dir": written.dir, "candidate": written.candidate, "response_sha256": written.response_sha256,
                         "outcome": outcome, "tests": tests, "duration_s": 0.5})
    value, files = task_hash(task)
    # What `taskgate calibrate`'s differential test gives WRONG (and the hack, which raises outside
    # a test): the static hook never runs candidates, so counterexamples are data here too.
    shown = {"f": ("add(-1, 0)", "-1", "1"), "x": ("add(0, 0)", "0", "raised builtins.KeyError")}
    letters = {("target", i): letter for i, letter in enumerate(target, 1)}
    runs = [with_counterexample(task.rel, value, run, *shown[letters[("target", run["attempt"])]]) if rec.wants_counterexample(run) else run
            for run in runs]
    record = store.build_record(hash_value=value, files=files, environment=None,
                                rule=rule or rec.configured_rule(Config()), runs=runs, pivot=pivot)
    store.write_record(task, record)
    return record


def with_counterexample(task_rel: str, hash_value: str, run: dict[str, Any], input_: str, expected: str, got: str) -> dict[str, Any]:
    """`run` with the counterexample `taskgate calibrate` records when difftest reports this
    difference (on 100 inputs), bound to the task hash as the tool binds it."""
    found = Report(task_rel, run["dir"] + "/solution", "differs", 100, input_, expected, got)
    return cex.bind(hash_value, run, cex.outcome(found))


def edit_record(task: Path, change) -> None:
    path = task / "calibration.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n")
