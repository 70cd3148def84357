"""Differential testing without Docker: signatures, generation, the serialisation boundary, shrinking."""

from __future__ import annotations

import pytest

from taskgate.ci.difftest import shrink, values
from taskgate.ci.difftest.signature import Unsupported, parse
from taskgate.ci.difftest.strategies import generate


def test_function_signature_and_deterministic_inputs() -> None:
    spec = parse("def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:")
    assert spec.kind == "function" and [p.name for p in spec.function.params] == ["intervals", "max_gap"]
    first = generate(spec, {"args": {"max_gap": {"min": 0, "max": 5}}}, 40, seed=3)
    assert first == generate(spec, {"args": {"max_gap": {"min": 0, "max": 5}}}, 40, seed=3)
    assert first != generate(spec, {"args": {"max_gap": {"min": 0, "max": 5}}}, 40, seed=4)
    assert len(first) > 20 and all(0 <= gap <= 5 and isinstance(iv, list) for iv, gap in first)
    assert all(isinstance(t, tuple) and len(t) == 2 for iv, _ in first for t in iv)


def test_class_signature_gives_method_call_sequences() -> None:
    spec = parse(["class Counter:", "def __init__(self, start: int) -> None:", "def add(self, n: int) -> int:", "def _hidden(self) -> None:"])
    assert spec.kind == "class" and [m.name for m in spec.methods] == ["add"]
    drawn = generate(spec, {}, 10, seed=1)
    assert all(set(d) == {"init", "calls"} and all(name == "add" for name, _ in d["calls"]) for d in drawn)


@pytest.mark.parametrize("signature", [
    "function topKFrequent(tokens, k)",
    "def f(*args: int) -> int:",
    "def f(x) -> int:",
    "def f(x: Callable[[int], int]) -> int:",
])
def test_signatures_that_cannot_be_exercised_are_refused_with_a_reason(signature: str) -> None:
    with pytest.raises(Unsupported):
        spec = parse(signature)
        generate(spec, {}, 5, seed=0)


def test_the_serialisation_boundary_is_exact_about_types() -> None:
    class AlwaysEqual(list):
        def __eq__(self, other: object) -> bool:
            return True

    assert values.encode(AlwaysEqual([1]))["t"] == "object"
    assert not values.same(values.encode(True), values.encode(1))
    assert not values.same(values.encode((1, 2)), values.encode([1, 2]))
    assert values.same(values.encode({2: "b", 1: "a"}), values.encode({1: "a", 2: "b"}))
    assert values.same(values.encode(0.1 + 0.2), values.encode(0.3))
    assert values.decode(values.encode({(1, 2): {frozenset({3})}})) == {(1, 2): {frozenset({3})}}


def test_every_shrink_variant_is_smaller() -> None:
    for value in ([5, -3, 0, 12], "hello", {"a": [1, 2]}, (7, [1, 1]), 1000, -4, 2.5, {3, 9}):
        for variant in shrink.variants(value):
            assert shrink.size(variant) < shrink.size(value), (value, variant)
    assert shrink.input_variants(([3, 4], 2))[0] == ([], 2)


def test_shrink_batches_go_smallest_first_and_reach_the_last_argument() -> None:
    example = ([(-7, -7), (-15, 0), (0, 96), (4, 9), (12, 40)], 5, 1000)
    batches = shrink.input_batches(example)
    flat = [v for batch in batches for v in batch]
    assert all(len(b) <= shrink.LIMIT for b in batches) and len(batches) <= shrink.BATCHES
    assert [shrink.size_of_input(v) for v in flat] == sorted(shrink.size_of_input(v) for v in flat)
    assert all(shrink.size_of_input(v) < shrink.size_of_input(example) for v in flat)
    # The last argument (variants listed after 40 of the first's) is still shrunk early on.
    assert (example[0], example[1], 0) in batches[0]
    calls = {"init": [3], "calls": [("push", (5,)), ("pop", ())]}
    assert shrink.size_of_input(shrink.input_batches(calls)[0][0]) < shrink.size_of_input(calls)
