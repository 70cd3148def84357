"""Simpler variants of an input, for shrinking a difference to a small counterexample.

A greedy, batch-friendly shrinker: `variants(value)` lists one-step simplifications (drop
elements, halve collections and strings, move numbers toward zero), simplest first; the caller
runs a batch of them on both sides and keeps the smallest that still differs. Each variant is
strictly smaller by `size`, so repeated shrinking ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LIMIT = 40  # variants per batch (one container per side)
BATCHES = 3  # batches a round may try before it gives up


def size(value: Any) -> int:
    """A measure that every variant decreases."""
    if isinstance(value, bool) or value is None:
        return int(bool(value))
    if isinstance(value, int):
        return abs(value).bit_length() + (value < 0)
    if isinstance(value, float):
        return 0 if value == 0 else 1 + int(abs(value) != int(abs(value))) + abs(int(value)).bit_length()
    if isinstance(value, (str, bytes)):
        return len(value) * 8 + sum(1 for c in value if c not in ("a", 97, "0", 48))
    if isinstance(value, (list, tuple, set, frozenset)):
        return 1 + len(value) * 4 + sum(size(v) for v in value)
    if isinstance(value, dict):
        return 1 + len(value) * 4 + sum(size(k) + size(v) for k, v in value.items())
    return 0


def size_of_input(example: Any) -> int:
    """`size` of a whole input: a tuple of arguments, or a class's {"init", "calls"}."""
    if isinstance(example, dict):
        return size(tuple(example["init"])) + sum(1 + size(tuple(args)) for _name, args in example["calls"])
    return size(tuple(example))


def _scalar(value: Any) -> Iterator[Any]:
    if isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, int):
        if value:
            yield 0
            if value < 0:
                yield -value
            if abs(value) > 2:
                yield 1 if value > 0 else -1  # the smallest of its sign: one step instead of ~log2 halvings
            if abs(value) > 1:
                yield value // 2 if value > 0 else -((-value) // 2)
            yield value - 1 if value > 0 else value + 1
    elif isinstance(value, float):
        if value:
            yield 0.0
            if value != int(value):
                yield float(int(value))
            if value < 0:
                yield -value
    elif isinstance(value, (str, bytes)):
        if value:
            empty = value[:0]
            yield empty
            yield value[: len(value) // 2]
            yield value[1:]
            yield value[:-1]
            plain = "a" if isinstance(value, str) else b"a"
            for i, ch in enumerate(value):
                if ch not in ("a", 97):
                    yield value[:i] + plain + value[i + 1:]
                    break


def _sequence(value: Any) -> Iterator[Any]:
    kind = type(value)
    items = list(value)
    if not items:
        return
    yield kind([])
    if len(items) > 1:
        yield kind(items[: len(items) // 2])
        yield kind(items[len(items) // 2:])
    for i in range(len(items)):
        yield kind(items[:i] + items[i + 1:])
    for i, item in enumerate(items):
        for smaller in variants(item):
            yield kind(items[:i] + [smaller] + items[i + 1:])


def variants(value: Any) -> Iterator[Any]:
    """One-step simplifications of `value`, each smaller by `size`."""
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        yield from (v for v in _sequence(value) if size(v) < size(value))
    elif isinstance(value, (set, frozenset)):
        kind = type(value)
        for v in _sequence(sorted(value, key=repr)):
            if size(kind(v)) < size(value):
                yield kind(v)
    elif isinstance(value, dict):
        keys = sorted(value, key=repr)
        if keys:
            yield {}
        for k in keys:
            yield {kk: vv for kk, vv in value.items() if kk != k}
        for k in keys:
            for smaller in variants(value[k]):
                yield {**value, k: smaller}
    else:
        yield from (v for v in _scalar(value) if size(v) < size(value))


def input_variants(example: Any) -> list[Any]:
    """Variants of a whole input: a tuple of arguments, or a class's {"init", "calls"}."""
    out: list[Any] = []
    if isinstance(example, dict):
        calls = list(example["calls"])
        for i in range(len(calls)):
            if len(calls) > 1:
                out.append({"init": example["init"], "calls": calls[:i] + calls[i + 1:]})
        for i, (name, args) in enumerate(calls):
            for smaller in variants(tuple(args)):
                out.append({"init": example["init"], "calls": [*calls[:i], (name, smaller), *calls[i + 1:]]})
        for smaller in variants(tuple(example["init"])):
            out.append({"init": smaller, "calls": calls})
    else:
        for i, arg in enumerate(example):
            for smaller in variants(arg):
                out.append((*example[:i], smaller, *example[i + 1:]))
    unique, seen = [], set()
    for v in out:
        key = repr(v)
        if key not in seen:
            seen.add(key)
            unique.append(v)
    return unique


def input_batches(example: Any) -> list[list[Any]]:
    """The variants of an input in batches of `LIMIT`, the smallest first (at most `BATCHES`):
    the caller tries the next batch only when no variant of the current one still differs, so
    the big reductions come first and no argument is starved because it comes last."""
    ordered = sorted(input_variants(example), key=size_of_input)  # stable: ties keep their order
    return [ordered[i: i + LIMIT] for i in range(0, min(len(ordered), LIMIT * BATCHES), LIMIT)]
