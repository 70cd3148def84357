"""What a Python test file expects of the solution, and what each of its tests is called.

`analyse(source, provided)` parses once (`ast`) and returns:
- expectations: exception types the tests expect (`pytest.raises(X)`, `raises(X)` imported from
  pytest, `self.assertRaises(X)`, `assertRaisesRegex(X, ...)`), error messages they match
  (`match=`, the regex of `assertRaisesRegex`, a string compared with `str(exc.value)`,
  `exc.value.args[0]` or `str(cm.exception)`), and names they import from the solution's
  modules (`provided`: module names of solution/ and subject/);
- tests: each test function's descriptor, its name, docstring, the `ids=`/`pytest.param(id=)`
  strings of its parametrisation and the string arguments of its marks (the edge-case naming
  convention of docs/integrity.md).
A file that does not parse gives nothing (the test job reports it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expectation:
    kind: str  # "exception" | "message" | "import"
    value: str
    line: int
    column: int
    how: str  # the construct, for the message (e.g. "pytest.raises")


@dataclass(frozen=True)
class TestCase:
    name: str
    text: str  # name, docstring, ids and mark arguments, joined
    line: int


@dataclass
class Analysis:
    expectations: list[Expectation] = field(default_factory=list)
    tests: list[TestCase] = field(default_factory=list)


_RAISES_METHODS = {"assertRaises": "assertRaises", "assertRaisesRegex": "assertRaisesRegex", "assertRaisesRegexp": "assertRaisesRegex"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _exception_names(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for element in node.elts for n in _exception_names(element)]
    name = _dotted(node)
    return [name.rsplit(".", 1)[-1]] if name else []


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return " ".join(parts) if parts else None
    return None


# Fields that hold only leaves no reader looks at (Load/Store contexts, operators).
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _walk(tree: ast.AST) -> list[ast.AST]:
    """The nodes of `tree` in `ast.walk`'s order (breadth first), without the leaves of
    `_SKIPPED_FIELDS`: about twice as fast as `ast.walk` (this runs on every test file)."""
    todo = [tree]
    i = 0
    while i < len(todo):
        node = todo[i]
        i += 1
        cls = type(node)
        fields = _FIELDS.get(cls)
        if fields is None:
            fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in _SKIPPED_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                todo.extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                todo.append(value)
    return todo


class _Reader:
    """One walk over the module (no visitor recursion: this runs on every test file)."""

    def __init__(self, provided: set[str]) -> None:
        self.provided = provided
        self.out = Analysis()
        self.raises_aliases: set[str] = set()  # local names of `from pytest import raises`
        self.module_aliases: dict[str, str] = {}  # local name -> provided module
        self.exc_names: set[str] = set()  # `as` names of raises contexts
        self.raised_at: list[tuple[int, str]] = []  # (line, exception name) of every raises call

    def add(self, kind: str, value: str, node: ast.AST, how: str) -> None:
        self.out.expectations.append(Expectation(kind, value, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1, how))

    def raises_call(self, call: ast.Call) -> str | None:
        func = _dotted(call.func)
        if func == "pytest.raises" or func in self.raises_aliases:
            return "pytest.raises"
        return _RAISES_METHODS.get(func.rsplit(".", 1)[-1])

    def import_(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.ImportFrom):
            self.import_from(node)
            return
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] in self.provided or (parts[0] == "solution" and len(parts) > 1):
                self.module_aliases[alias.asname or parts[0]] = parts[-1]

    def import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level == 0 and module == "pytest":
            self.raises_aliases.update(a.asname or a.name for a in node.names if a.name == "raises")
        top = module.split(".")[0]
        if node.level == 0 and (top in self.provided or top == "solution"):
            for alias in node.names:
                if alias.name == "*":
                    continue
                if module == "solution" and alias.name in self.provided:
                    self.module_aliases[alias.asname or alias.name] = alias.name
                    continue
                self.add("import", alias.name, node, f"from {module} import")

    def call(self, node: ast.Call) -> None:
        how = self.raises_call(node)
        if how is None or not node.args:
            return
        for name in _exception_names(node.args[0]):
            self.add("exception", name, node, how)
            self.raised_at.append((node.lineno, name))
        pattern = None
        for kw in node.keywords:
            if kw.arg in ("match", "expected_regex"):
                pattern = _string(kw.value)
        if how == "assertRaisesRegex" and len(node.args) > 1:
            pattern = _string(node.args[1])
        if pattern:
            self.add("message", pattern, node, f"{how}(match=...)" if how == "pytest.raises" else how)

    def is_exception_text(self, node: ast.AST) -> bool:
        # str(e.value), str(cm.exception), e.value.args[0], e.value.message
        if isinstance(node, ast.Call) and _dotted(node.func) == "str" and len(node.args) == 1:
            node = node.args[0]
        elif isinstance(node, ast.Subscript):
            node = node.value
            if isinstance(node, ast.Attribute) and node.attr == "args":
                node = node.value
            else:
                return False
        elif isinstance(node, ast.Attribute) and node.attr == "message":
            node = node.value
        base, _, attr = _dotted(node).partition(".")
        return base in self.exc_names and attr in ("value", "exception")

    def compare(self, node: ast.Compare) -> None:
        sides = [node.left, *node.comparators]
        if len(sides) == 2 and isinstance(node.ops[0], (ast.Eq, ast.In)):
            text = _string(sides[0]) if self.is_exception_text(sides[1]) else _string(sides[1]) if self.is_exception_text(sides[0]) else None
            if text:
                self.add("message", text, node, "a comparison with the exception's message")

    def read(self, tree: ast.Module) -> None:
        top = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        for node in top:  # module-level imports first: they name `raises` and the solution's modules
            self.import_(node)
        compares = []
        for node in _walk(tree):
            if isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.With):
                for item in node.items:
                    if isinstance(item.context_expr, ast.Call) and self.raises_call(item.context_expr) and isinstance(item.optional_vars, ast.Name):
                        self.exc_names.add(item.optional_vars.id)
            elif isinstance(node, ast.Compare):
                compares.append(node)
            elif isinstance(node, ast.Attribute):
                if isinstance(node.value, ast.Name) and node.value.id in self.module_aliases and not node.attr.startswith("__"):
                    self.add("import", node.attr, node, f"{node.value.id}.{node.attr}")
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and node not in top:
                self.import_(node)
        for node in compares:  # after every `as` name is known
            self.compare(node)
        self.out.expectations.sort(key=lambda e: (e.line, e.column, e.kind, e.value))

    def test(self, node: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> None:
        texts = [node.name, owner, ast.get_docstring(node) or ""]
        end = getattr(node, "end_lineno", node.lineno) or node.lineno
        # What it expects to be raised is part of what it exercises.
        texts.extend(name for line, name in self.raised_at if node.lineno <= line <= end)
        for decorator in node.decorator_list:
            for sub in ast.walk(decorator):
                value = _string(sub)
                if value:
                    texts.append(value)
        self.out.tests.append(TestCase(node.name, " ".join(t for t in texts if t), node.lineno))

    def collect_tests(self, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                self.test(node, "")
            elif isinstance(node, ast.ClassDef):
                for inner in node.body:
                    if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and inner.name.startswith("test"):
                        self.test(inner, node.name)


def analyse(source: str, provided: set[str]) -> Analysis:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Analysis()
    reader = _Reader(provided)
    reader.read(tree)
    reader.collect_tests(tree)
    return reader.out


def defined_exceptions(source: str) -> dict[str, list[str]]:
    """Classes a module defines and the names of their bases (for exception hierarchies)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    return {
        node.name: [b for base in node.bases for b in _exception_names(base)]
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
