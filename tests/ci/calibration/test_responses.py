"""Replaying recorded responses (`--responses FILE.jsonl`)."""

from __future__ import annotations

import json

import pytest

from taskgate.ci.calibration.chat import ChatError, Model, content
from taskgate.ci.calibration.responses import Replay
from taskgate.hooks.core.errors import UsageError
from tests.support.chat_server import completion

T = Model(role="target", name="t", base_url="http://127.0.0.1:1/v1")


def write(tmp_path, *lines):
    path = tmp_path / "r.jsonl"
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines))
    return path


def test_task_specific_lines_win_over_generic_ones(tmp_path):
    path = write(
        tmp_path,
        "// recorded 2024-05-01",
        {"role": "target", "model": "t", "attempt": 1, "response": completion("t", "generic")},
        "",
        {"task": "two", "role": "target", "model": "t", "attempt": 1, "response": completion("t", "specific")},
    )
    replay = Replay(path)
    assert content(replay("two", T, "p", 1)) == "specific"
    assert content(replay("one", T, "p", 1)) == "generic"


def test_missing_response_is_an_attempt_error(tmp_path):
    replay = Replay(write(tmp_path, {"role": "target", "model": "t", "attempt": 1, "response": completion("t", "x")}))
    with pytest.raises(ChatError, match="no recorded response for task one, target t attempt 2 in .*r.jsonl"):
        replay("one", T, "p", 2)


def test_malformed_recorded_body_is_reported_with_its_line(tmp_path):
    replay = Replay(write(tmp_path, {"role": "target", "model": "t", "attempt": 1, "response": {"choices": []}}))
    with pytest.raises(ChatError, match=r"r\.jsonl:1: recorded malformed response body \(no choices\)"):
        replay("one", T, "p", 1)


@pytest.mark.parametrize(
    "line, needle",
    [
        ("{nope", "r.jsonl:1: not a JSON object"),
        ({"role": "target", "model": "t", "attempt": 1}, "expected an object with role, model, attempt, response"),
        ({"role": "judge", "model": "t", "attempt": 1, "response": {}}, "role must be target or reference"),
        ({"role": "target", "model": "t", "attempt": 0, "response": {}}, "attempt must be a positive integer"),
        ({"role": "target", "model": "t", "attempt": 1, "response": {}, "extra": 1}, "expected an object"),
    ],
)
def test_bad_lines_are_usage_errors(tmp_path, line, needle):
    with pytest.raises(UsageError, match=needle.replace(".", r"\.").replace("(", r"\(")):
        Replay(write(tmp_path, line))


def test_duplicate_lines(tmp_path):
    line = {"role": "target", "model": "t", "attempt": 1, "response": {}}
    with pytest.raises(UsageError, match="r.jsonl:2: duplicates .*r.jsonl:1"):
        Replay(write(tmp_path, line, line))


def test_missing_file(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        Replay(tmp_path / "absent.jsonl")
