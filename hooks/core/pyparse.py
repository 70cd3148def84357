"""`ast.parse` that is safe to call from several threads at once, and a fast generic visit.

CPython 3.11 keeps the recursion depth of its AST converter in interpreter-wide state, so two
threads converting trees at the same moment can fail with `SystemError: AST constructor
recursion depth mismatch` (python/cpython#106905, fixed in later releases). taskgate's thread
pools (gate, calibrate, score, verify-calibration) scan and stub candidates concurrently: every
parse that can run in such a pool goes through one lock. Parsing is CPU work under the GIL
anyway, so the lock costs no parallelism.
"""

from __future__ import annotations

import ast
import threading
from typing import Any

_LOCK = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec", **kwargs: Any) -> Any:
    with _LOCK:
        return ast.parse(source, filename, mode, **kwargs)


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of an AST class that can hold nodes a visitor looks at: all but `ctx` (Load,
    Store and Del carry nothing), computed once per class."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(f for f in cls._fields if f != "ctx")
    return fields


class FastVisitor(ast.NodeVisitor):
    """`ast.NodeVisitor` with the same order of visits, without its per-node generator and
    per-field isinstance chain: about twice as fast on large trees."""

    _methods: dict[type, str | None]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}

    def visit(self, node: ast.AST) -> Any:
        cls = type(node)
        try:
            name = self._methods[cls]
        except KeyError:
            name = self._methods[cls] = f"visit_{cls.__name__}" if hasattr(self, f"visit_{cls.__name__}") else None
        return getattr(self, name)(node) if name else self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        visit = self.visit
        for field in child_fields(type(node)):
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        visit(item)
            elif isinstance(value, ast.AST):
                visit(value)
