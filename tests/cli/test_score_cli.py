"""`taskgate score`: input errors are one line with the place and exit 2, before any container."""

from __future__ import annotations

import json

from taskgate.cli import main
from tests.ci.conftest import EXAMPLES


def test_a_malformed_line_is_named_with_its_number(tmp_path, capsys):
    responses = tmp_path / "responses.jsonl"
    responses.write_text(json.dumps({"task": "interval-merge-with-gaps", "response": "x"}) + "\n{not json\n")
    assert main(["score", str(responses), "--repo", str(EXAMPLES)]) == 2
    assert f"{responses}:2: not a JSON object" in capsys.readouterr().err


def test_a_line_without_a_response_is_refused(tmp_path, capsys):
    responses = tmp_path / "responses.jsonl"
    responses.write_text(json.dumps({"task": "interval-merge-with-gaps"}) + "\n")
    assert main(["score", str(responses), "--repo", str(EXAMPLES)]) == 2
    assert f"{responses}:1: expected" in capsys.readouterr().err


def test_an_unknown_task_is_named(tmp_path, capsys):
    responses = tmp_path / "responses.jsonl"
    responses.write_text(json.dumps({"task": "no-such-task", "response": "```python\npass\n```"}) + "\n")
    assert main(["score", str(responses), "--repo", str(EXAMPLES)]) == 2
    assert "unknown task(s) no-such-task" in capsys.readouterr().err
