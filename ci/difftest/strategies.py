"""Inputs for a signature, drawn with hypothesis from the type annotations.

Deterministic for a seed. A task refines the defaults in task.yaml (all keys optional):

    difftest:
      examples: 200            # how many inputs (default: the command's --examples)
      integers: {min: -100, max: 100}
      max_size: 12             # collections and strings
      calls: 12                # class tasks: the longest method-call sequence
      args:                    # per parameter (methods: "method.param")
        max_gap: {min: 0, max: 10}
        intervals: {max_size: 6}
        word: {alphabet: "abc", min_size: 1}

Annotations understood: int, float, bool, str, bytes, None, list/tuple/set/frozenset/dict (and
their typing aliases, Sequence, Iterable, Mapping), Optional, Union and `A | B`, Any/object/
Hashable (small ints or strings). Anything else is refused with a message.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from taskgate.ci.difftest.signature import Callable_, Spec, Unsupported

SEQUENCES = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Collection", "Iterator"}
SETS = {"set", "Set", "frozenset", "FrozenSet", "AbstractSet", "MutableSet"}
MAPPINGS = {"dict", "Dict", "Mapping", "MutableMapping"}
ANY = {"Any", "object", "Hashable"}
SMALL = 8


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr  # typing.List, collections.abc.Sequence
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


class Strategies:
    def __init__(self, refine: Mapping[str, Any]) -> None:
        self.refine = refine
        ints = refine.get("integers") if isinstance(refine.get("integers"), dict) else {}
        self.int_min = int(ints.get("min", -1000))
        self.int_max = int(ints.get("max", 1000))
        self.max_size = int(refine.get("max_size", 10))

    def _bounds(self, key: str) -> dict[str, Any]:
        args = self.refine.get("args")
        found = args.get(key) if isinstance(args, dict) else None
        return found if isinstance(found, dict) else {}

    def for_annotation(self, node: ast.expr | None, key: str, bounds: Mapping[str, Any] | None = None) -> Any:
        from hypothesis import strategies as st

        bounds = bounds if bounds is not None else self._bounds(key)
        size = {"min_size": int(bounds.get("min_size", 0)), "max_size": int(bounds.get("max_size", self.max_size))}
        if node is None:
            raise Unsupported(f"parameter {key} has no type annotation (add one to the signature, or refine it)")
        if isinstance(node, ast.Constant) and node.value is None:
            return st.none()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.for_annotation(node.left, key, bounds) | self.for_annotation(node.right, key, bounds)
        if isinstance(node, ast.Subscript):
            outer = _name(node.value)
            inner = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            element = {k: v for k, v in bounds.items() if k in ("min", "max", "alphabet")}
            if outer in ("Optional",):
                return st.none() | self.for_annotation(inner[0], key, bounds)
            if outer == "Union":
                strategy = self.for_annotation(inner[0], key, bounds)
                for other in inner[1:]:
                    strategy = strategy | self.for_annotation(other, key, bounds)
                return strategy
            if outer in SEQUENCES:
                return st.lists(self.for_annotation(inner[0], key, element), **size)
            if outer in ("tuple", "Tuple"):
                if len(inner) == 2 and isinstance(inner[1], ast.Constant) and inner[1].value is Ellipsis:
                    return st.lists(self.for_annotation(inner[0], key, element), **size).map(tuple)
                plain = st.tuples(*(self.for_annotation(i, key, element) for i in inner))
                if len(inner) == 2 and all(_name(i) in ("int", "float") for i in inner) and _name(inner[0]) == _name(inner[1]):
                    # A pair of numbers is most often a range (start <= end): draw ordered ones too.
                    return st.one_of(plain, plain.map(lambda pair: tuple(sorted(pair))))
                return plain
            if outer in SETS:
                made = st.sets(self.for_annotation(inner[0], key, element), **size)
                return made.map(frozenset) if outer.lower().startswith("frozen") else made
            if outer in MAPPINGS:
                return st.dictionaries(self.for_annotation(inner[0], key, element), self.for_annotation(inner[1], key, element), **size)
            raise Unsupported(f"parameter {key}: {ast.unparse(node)} is not an annotation inputs can be generated for")
        name = _name(node)
        low, high = bounds.get("min"), bounds.get("max")
        if name == "int":
            lo = int(low) if low is not None else self.int_min
            hi = int(high) if high is not None else self.int_max
            # Small values half of the time: equal elements, touching ranges and off-by-one
            # boundaries (where wrong answers hide) are rare among uniformly drawn large numbers.
            # Non-negative small values a third of the time: counts, sizes, gaps and indices are
            # the common int parameters, and a negative one is mostly rejected by the task.
            parts = [st.integers(max(lo, a), min(hi, b)) for a, b in ((0, SMALL), (-SMALL, SMALL)) if max(lo, a) <= min(hi, b)]
            return st.one_of(*parts, st.integers(lo, hi))
        if name == "float":
            return st.floats(float(low) if low is not None else self.int_min, float(high) if high is not None else self.int_max, allow_nan=False)
        if name == "bool":
            return st.booleans()
        if name == "str":
            alphabet = bounds.get("alphabet")
            chars = st.sampled_from(sorted(set(alphabet))) if isinstance(alphabet, str) and alphabet else st.characters(codec="utf-8", exclude_categories=("Cs",))
            return st.text(chars, **size)
        if name == "bytes":
            return st.binary(**size)
        if name in ANY:
            return st.integers(-10, 10) | st.text("abc", max_size=3)
        if name in SEQUENCES:
            return st.lists(st.integers(self.int_min, self.int_max), **size)
        raise Unsupported(f"parameter {key}: {ast.unparse(node)} is not an annotation inputs can be generated for")

    def arguments(self, fn: Callable_, prefix: str = "") -> Any:
        from hypothesis import strategies as st

        return st.tuples(*(self.for_annotation(p.annotation, prefix + p.name) for p in fn.params))

    def for_spec(self, spec: Spec) -> Any:
        """A strategy of inputs: a tuple of arguments, or {"init": args, "calls": [(name, args)]}."""
        from hypothesis import strategies as st

        if spec.kind == "function":
            assert spec.function is not None
            return self.arguments(spec.function)
        assert spec.init is not None
        calls = st.one_of(*(st.tuples(st.just(m.name), self.arguments(m, f"{m.name}.")) for m in spec.methods))
        longest = int(self.refine.get("calls", 12))
        return st.fixed_dictionaries({"init": self.arguments(spec.init, "__init__."), "calls": st.lists(calls, min_size=1, max_size=longest)})


def generate(spec: Spec, refine: Mapping[str, Any], count: int, seed: int) -> list[Any]:
    """`count` distinct inputs (fewer when the space is smaller), the same for the same seed."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    from taskgate.ci.difftest.values import encode

    strategy = Strategies(refine).for_spec(spec)
    drawn: list[Any] = []
    seen: set[str] = set()

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck), derandomize=False)
    @seeded(seed)
    @given(strategy)
    def draw(value: Any) -> None:
        key = repr(encode(value))
        if key not in seen:
            seen.add(key)
            drawn.append(value)

    draw()
    return drawn

