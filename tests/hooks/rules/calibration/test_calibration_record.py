"""The verdict and summary derived from raw runs (pure)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskgate.hooks.rules.calibration import record as rec

RULE = {"target_attempts": 5, "min_target_failures": 2, "reference_attempts": 3, "min_reference_passes": 1, "extended_target_attempts": None}


def runs(target: str, references: dict[str, str] | None = None) -> list[dict]:
    out = []
    letters = {"p": "pass", "f": "fail", "i": "infra_error"}
    for i, c in enumerate(target, 1):
        out.append({"role": "target", "model": "t", "attempt": i, "outcome": letters[c]})
    for model, seq in (references if references is not None else {"r": "ppp"}).items():
        for i, c in enumerate(seq, 1):
            out.append({"role": "reference", "model": model, "attempt": i, "outcome": letters[c]})
    return out


@pytest.mark.parametrize(
    "target, references, verdict",
    [
        ("ffppp", None, "in-band"),  # fails exactly 2 of 5
        ("fffff", None, "in-band"),  # the target never solves it, a reference does
        ("fpppp", None, "too-easy"),
        ("ppppp", None, "too-easy"),
        ("fffff", {"r": "fff"}, "too-cold"),
        ("ppppp", {"r": "fff"}, "too-cold"),  # no reference solved it: flawed or ambiguous, whatever the target did
        ("ffpp", None, "incomplete"),
        ("ffppi", None, "incomplete"),  # an infra error does not count
        ("ffppip", None, "in-band"),
        ("ffppp", {"r": "pp"}, "incomplete"),
        ("ffppp", {}, "incomplete"),  # no reference model at all
        ("ffppp", {"a": "fff", "b": "fpf"}, "in-band"),  # some reference model reached the passes
        ("ffppp", {"a": "ppp", "b": "ff"}, "incomplete"),
    ],
)
def test_verdicts(target, references, verdict):
    assert rec.derive(RULE, runs(target, references)).verdict == verdict


def test_summary_counts_without_infra_errors():
    summary = rec.summarize(runs("ffpip", {"r": "pip"}))
    assert summary == {"r": {"role": "reference", "n": 2, "n_pass": 2}, "t": {"role": "target", "n": 4, "n_pass": 2}}


def test_extension_applies_the_rate():
    rule = {**RULE, "extended_target_attempts": 10}
    assert rec.derive(rule, runs("fpppp" + "fffpp")).verdict == "in-band"  # 4/10 >= 2/5
    assert rec.derive(rule, runs("fpppp" + "fpppp")).verdict == "too-easy"  # 2/10 < 2/5
    assert rec.derive(rule, runs("fpppp" + "ff")).verdict == "incomplete"


def test_borderline():
    assert [f for f in range(6) if rec.borderline(f, RULE)] == [1, 2]  # target passed 4 or 3 of 5


def test_slug_and_attempt_dir():
    assert rec.attempt_dir("target", "Qwen/Qwen2.5-Coder-7B-Instruct", 3) == "calibration/attempts/target-qwen-qwen2.5-coder-7b-instruct-3"
    assert rec.slug("...") == "model"


@given(st.text("pfi", max_size=12), st.text("pfi", max_size=5), st.integers(1, 6), st.integers(0, 6))
def test_verdict_properties(target, reference, attempts, failures):
    rule = {**RULE, "target_attempts": attempts, "min_target_failures": failures}
    derived = rec.derive(rule, runs(target, {"r": reference}))
    t = derived.summary.get("t", {"n": 0, "n_pass": 0})
    counted = t["n"]
    if counted < attempts or derived.summary.get("r", {"n": 0})["n"] < 3:
        assert derived.verdict == "incomplete"
    elif derived.verdict == "in-band":
        assert (counted - t["n_pass"]) * attempts >= failures * counted
    # flipping any target pass to a fail never makes a task easier
    flipped = target.replace("p", "f", 1)
    order = ["incomplete", "too-cold", "too-easy", "in-band"]
    after = rec.derive(rule, runs(flipped, {"r": reference})).verdict
    if derived.verdict not in ("incomplete", "too-cold"):
        assert order.index(after) >= order.index(derived.verdict)


def test_sort_key_orders_target_first():
    shuffled = [{"role": r, "model": m, "attempt": a} for r, m, a in itertools.product(("reference", "target"), ("b", "a"), (2, 1))]
    ordered = sorted(shuffled, key=rec.run_sort_key)
    assert [(r["role"], r["model"], r["attempt"]) for r in ordered][:2] == [("target", "a", 1), ("target", "a", 2)]
