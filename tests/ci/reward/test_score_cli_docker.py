"""`taskgate score` end to end: input order kept, score and verdict added, pass rates on stderr."""

from __future__ import annotations

import json

import pytest
from taskgate.ci.calibration.chat import content

from taskgate.cli import main
from tests.ci.reward.conftest import recorded_outcome, recorded_responses

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_score_repeats_each_line_in_order_with_score_and_verdict(examples_root, tmp_path, capsys):
    items = [i for i in recorded_responses() if i["task"] == "fix-greedy-batch-packer"]
    lines = [{"task": i["task"], "response": content(i["response"]), "id": n} for n, i in enumerate(items)]
    lines.append({"task": "fix-greedy-batch-packer", "response": items[0]["response"], "id": "body"})  # a chat-completions body
    source = tmp_path / "responses.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "scored.jsonl"
    assert main(["score", str(source), "--out", str(out), "--jobs", "2", "--repo", str(examples_root)]) == 0
    scored = [json.loads(line) for line in out.read_text().splitlines()]
    assert [s["id"] for s in scored] == [line["id"] for line in lines]
    for item, line in zip(items, scored):
        expected = recorded_outcome(examples_root, item)
        assert (line["verdict"], line["score"]) == (expected, 1.0 if expected == "pass" else 0.0)
    assert scored[-1]["verdict"] == scored[0]["verdict"]
    err = capsys.readouterr().err
    passes = sum(s["verdict"] == "pass" for s in scored)
    assert f"fix-greedy-batch-packer: {passes}/{len(scored)} pass" in err
    assert f"taskgate score: {len(scored)} response(s), 1 task(s)" in err
