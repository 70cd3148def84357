"""What differential testing calls: the task's Python signature(s), parsed with `ast`.

`signature:` in task.yaml is one `def …:` (a function) or a list starting with `class X:`
followed by its methods' `def …(self, …)` lines (a class exercised by method-call sequences).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from taskgate.hooks.core import pyparse


class Unsupported(Exception):
    """The signature cannot be exercised automatically; the message says why."""


@dataclass(frozen=True)
class Param:
    name: str
    annotation: ast.expr | None
    has_default: bool


@dataclass(frozen=True)
class Callable_:
    name: str
    params: tuple[Param, ...]


@dataclass(frozen=True)
class Spec:
    kind: str  # function | class
    name: str
    init: Callable_ | None = None  # class: the constructor
    methods: tuple[Callable_, ...] = field(default_factory=tuple)  # class: the public methods
    function: Callable_ | None = None


def _callable(line: str, *, method: bool) -> Callable_:
    text = line.strip()
    if not text.endswith(":"):
        text += ":"
    try:
        tree = pyparse.parse(text + "\n    ...\n")
    except SyntaxError as exc:
        raise Unsupported(f"signature {line!r} is not valid Python: {exc.msg}") from None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise Unsupported(f"signature {line!r} is not a `def`")
    if isinstance(node, ast.AsyncFunctionDef):
        raise Unsupported(f"{node.name}: async functions are not exercised")
    args = node.args
    if args.vararg or args.kwarg or args.kwonlyargs:
        required_kw = [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
        if args.vararg or required_kw:
            raise Unsupported(f"{node.name}: *args and required keyword-only parameters are not exercised")
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    params = [Param(a.arg, a.annotation, i >= first_default) for i, a in enumerate(positional)]
    if method:
        if not params or params[0].name not in ("self", "cls"):
            raise Unsupported(f"{node.name}: a method's first parameter must be self")
        params = params[1:]
    return Callable_(node.name, tuple(params))


def parse(signature: object) -> Spec:
    """The Spec of task.yaml's `signature` value. Raises `Unsupported`."""
    lines = [signature] if isinstance(signature, str) else list(signature) if isinstance(signature, list) else []
    lines = [line for line in lines if isinstance(line, str) and line.strip()]
    if not lines:
        raise Unsupported("task.yaml has no signature")
    head = lines[0].strip()
    if head.startswith("class "):
        try:
            node = pyparse.parse(head.rstrip(":") + ":\n    ...\n").body[0]
        except SyntaxError as exc:
            raise Unsupported(f"signature {head!r} is not valid Python: {exc.msg}") from None
        assert isinstance(node, ast.ClassDef)
        methods = [_callable(line, method=True) for line in lines[1:]]
        init = next((m for m in methods if m.name == "__init__"), Callable_("__init__", ()))
        public = tuple(m for m in methods if not m.name.startswith("_"))
        if not public:
            raise Unsupported(f"class {node.name}: the signature names no public method to call")
        return Spec("class", node.name, init=init, methods=public)
    if len(lines) > 1:
        raise Unsupported("several function signatures: differential testing exercises one function or one class")
    function = _callable(head, method=False)
    return Spec("function", function.name, function=function)
