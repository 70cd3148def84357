"""Parity: the reward reproduces every outcome calibration recorded for the example dataset."""

from __future__ import annotations

import concurrent.futures as cf

import pytest
from taskgate.ci.calibration.chat import content

from tests.ci.reward.conftest import recorded_outcome, recorded_responses

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_recorded_calibration_outcome_is_reproduced(scorer, examples_root):
    items = recorded_responses()
    assert len(items) >= 20 and len({i["task"] for i in items}) == 4
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        scores = list(pool.map(lambda i: scorer.score(i["task"], content(i["response"])), items))
    mismatches = []
    for item, score in zip(items, scores):
        expected = recorded_outcome(examples_root, item)
        got = {"pass": "pass", "fail": "fail"}.get(score.verdict, "infra_error")
        if got != expected or score.score != (1.0 if expected == "pass" else 0.0):
            mismatches.append(f"{item['task']} {item['role']} {item['attempt']}: recorded {expected}, scored {score.verdict} {score.score}: {score.reason}")
    assert mismatches == []
    assert {s.verdict for s in scores} == {"pass", "fail"}
    # warm: one container per image and worker, none thrown away
    assert scorer.pool.started <= 2 * 4 and scorer.pool.recycled == 0
