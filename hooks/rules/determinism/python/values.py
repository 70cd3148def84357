"""The values the Python determinism analyser tracks, and its per-scope state.

A name may refer to a module or module attribute (`Ref("time.time")`), a literal expression
(`Lit`, kept for commands and strings), a function of the file (`Func`, for seeding helpers), or a
str/bytes value (`STR`, for hash()). Anything else is unknown and has no value. A `State` holds
those per local name, plus which process-wide generators are seeded with a constant and which
library functions a test has replaced; a `Frame` is a scope being run (or finished).
"""

from __future__ import annotations

import ast
from typing import Any, NamedTuple

from taskgate.hooks.rules.determinism.python.catalog import STR_TYPES
from taskgate.hooks.rules.determinism.python.scope import Scope


class Ref(NamedTuple):
    """A module or a module attribute, by canonical dotted name."""

    name: str


class _NodeValue:
    """A value standing for one syntax node; equal when the node is the same."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.node is self.node  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return id(self.node)


class Lit(_NodeValue):
    """A literal expression (str, list, tuple...) kept for commands and string checks."""


class Func(_NodeValue):
    """A function defined in this module."""


STR = object()  # a str or bytes value (or a tuple holding one): hash() of it is salted
CLOCK = "<clock>"  # in State.patched: the clock is frozen (freezegun, time-machine)
EMPTY: frozenset = frozenset()
Values = frozenset


class State:
    __slots__ = ("names", "seeded", "patched", "dead")

    def __init__(self, names: dict[str, Values] | None = None, seeded: frozenset = EMPTY, patched: frozenset = EMPTY) -> None:
        self.names: dict[str, Values] = names if names is not None else {}
        self.seeded: frozenset[str] = seeded  # generator families seeded with a constant
        self.patched: frozenset[str] = patched  # dotted names replaced by a test double
        self.dead = False  # after return/raise/break/continue

    def copy(self) -> State:
        state = State(dict(self.names), self.seeded, self.patched)
        state.dead = self.dead
        return state


def merge(a: State, b: State) -> State:
    names = dict(a.names)
    for name, values in b.names.items():
        names[name] = names.get(name, EMPTY) | values
    if a.dead and not b.dead:
        out = State(names, b.seeded, b.patched)
    elif b.dead and not a.dead:
        out = State(names, a.seeded, a.patched)
    else:
        out = State(names, a.seeded & b.seeded, a.patched & b.patched)
        out.dead = a.dead and b.dead
    return out


class Frame:
    """A scope being run (`state` set) or finished (`state` None: names read from the unions)."""

    __slots__ = ("scope", "state", "parent", "function", "cls", "self_name")

    def __init__(self, scope: Scope, state: State | None, parent: Frame | None, function: Any = None,
                 cls: Any = None, self_name: str | None = None) -> None:
        self.scope = scope
        self.state = state
        self.parent = parent
        self.function = function  # the FunctionDef run in this frame, if any
        self.cls = cls  # the ClassDef whose method this is, or whose body this is
        self.self_name = self_name

    def frozen(self) -> Frame:
        parent = self.parent.frozen() if self.parent is not None else None
        return Frame(self.scope, None, parent, self.function, self.cls, self.self_name)


def annotation_is_str(node: ast.expr | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace(" ", "") in {"str", "bytes", "str|None", "bytes|None", "Optional[str]"}
    if isinstance(node, ast.BinOp):  # str | None
        return annotation_is_str(node.left) or annotation_is_str(node.right)
    if isinstance(node, ast.Subscript):  # Optional[str]
        base = node.value
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        return name == "Optional" and annotation_is_str(node.slice)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name in STR_TYPES
