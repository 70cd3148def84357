"""What a Python test file expects of the solution, and what each of its tests is called.

`analyse(source, provided)` parses once (`ast`) and returns:
- expectations: exception types the tests expect (`pytest.raises(X)`, `raises(X)` imported from
  pytest, `self.assertRaises(X)`, `assertRaisesRegex(X, ...)`), error messages they match
  (`match=`, the regex of `assertRaisesRegex`, a string compared with `str(exc.value)`,
  `exc.value.args[0]` or `str(cm.exception)`; not a message that a `raise` of the test module
  itself produces, such as a fake's failure), and names they import from the solution's
  modules (`provided`: module names of solution/ and subject/);
- tests: each test function's descriptor, its name, docstring, the `ids=`/`pytest.param(id=)`
  strings of its parametrisation and the string arguments of its marks (the edge-case naming
  convention of docs/integrity.md).
A file that does not parse gives nothing (the test job reports it).
"""

from __future__ import annotations

import ast
import bisect
import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from taskgate.hooks.rules.integrity import announced


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


@dataclass(frozen=True)
class _Raised:
    """A message a `raise` of the test module produces: its pattern (an f-string's placeholders
    as `.*`) and its literal parts."""

    pattern: re.Pattern[str]
    parts: tuple[str, ...]

    def produces(self, fragment: str) -> bool:
        """Whether some message it produces contains `fragment`."""
        return self.pattern.search(fragment) is not None or any(fragment in part for part in self.parts)


def _raised(node: ast.AST) -> _Raised | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _Raised(re.compile(re.escape(node.value)), (node.value,))
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else None for v in node.values]
        if not any(p and re.search(r"\w", p) for p in parts):
            return None  # `f"{message}"`: it could produce anything, so it explains nothing
        pattern = "".join(".*" if p is None else re.escape(p) for p in parts)
        return _Raised(re.compile(pattern), tuple(p for p in parts if p))
    return None


def _raised_by(pattern: str, own: list[_Raised]) -> bool:
    """Whether every literal run of the expected message `pattern` is in a message some `raise`
    of the test module produces."""
    fragments = announced.literal_fragments(pattern) or [pattern]
    return all(any(raised.produces(f) for raised in own) for f in fragments)


# Fields that hold only leaves no reader looks at (Load/Store contexts, operators).
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
# Fields of a statement that hold statements (or handlers and match cases, which hold statements).
_BODIES = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
# Words on a line that can make its code matter (before the test file's own aliases are known).
_TRIGGERS = ("raises", *_RAISES_METHODS)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(node: ast.AST) -> tuple[str, ...]:
    cls = type(node)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in _SKIPPED_FIELDS)
    return fields


def _walk(tree: ast.AST) -> list[ast.AST]:
    """The nodes of `tree` in `ast.walk`'s order (breadth first), without the leaves of
    `_SKIPPED_FIELDS`: about twice as fast as `ast.walk`."""
    todo = [tree]
    i = 0
    while i < len(todo):
        node = todo[i]
        i += 1
        for name in _fields(node):
            value = getattr(node, name, None)
            if isinstance(value, list):
                todo.extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                todo.append(value)
    return todo


def _statements(tree: ast.Module) -> list[ast.AST]:
    """Every statement of the module (and except handler, match case), outer before inner: a walk
    that never enters an expression."""
    todo: list[ast.AST] = list(tree.body)
    i = 0
    while i < len(todo):
        node = todo[i]
        i += 1
        for name in _BODIES.intersection(_fields(node)):
            todo.extend(getattr(node, name, None) or ())
    return todo


class _Lines:
    """Which lines of the source name a word of interest: the reader walks only the expressions
    that span such a line (a test file is mostly calls and comparisons no rule looks at)."""

    def __init__(self, source: str) -> None:
        self.source = source  # without "\r": the parser's lines are then the "\n"-separated ones
        self.starts = [0, *(m.end() for m in re.finditer("\n", source))]

    def of(self, words: Iterable[str]) -> list[int]:
        """The 1-based lines on which one of `words` occurs as a whole word, in order."""
        alternatives = "|".join(re.escape(w) for w in sorted(set(words)))
        if not alternatives:
            return []
        found = re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", self.source)
        return sorted({bisect.bisect_right(self.starts, m.start()) for m in found})


def _expressions(statement: ast.AST, lines: list[int] | None) -> Iterator[ast.AST]:
    """The expressions a statement holds itself (not those of the statements in its bodies) that
    span one of `lines` (sorted; all of them when `lines` is None)."""
    if lines is not None and hasattr(statement, "end_lineno"):
        decorators = getattr(statement, "decorator_list", None)
        at = bisect.bisect_left(lines, decorators[0].lineno if decorators else statement.lineno)  # decorators come first
        if at == len(lines) or lines[at] > (statement.end_lineno or statement.lineno):
            return
    for name in _fields(statement):
        if name in _BODIES:
            continue
        value = getattr(statement, name, None)
        for node in value if isinstance(value, list) else (value,):
            if not isinstance(node, ast.AST):
                continue
            if lines is not None:
                first = getattr(node, "lineno", None) or getattr(statement, "lineno", 1)
                last = getattr(node, "end_lineno", None) or getattr(statement, "end_lineno", None) or first
                at = bisect.bisect_left(lines, first)
                if at == len(lines) or lines[at] > last:
                    continue
            yield node


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

    def read(self, tree: ast.Module, source: str | None) -> None:
        """Every expectation of the module. With `source`, only the expressions that span a line
        naming a raises helper, a module alias of the solution or an exception's `as` name are
        walked (the same findings, a fraction of the nodes); without it, every expression."""
        statements = _statements(tree)
        imports = [node for node in statements if isinstance(node, (ast.Import, ast.ImportFrom))]
        top = set(map(id, tree.body))
        for node in sorted(imports, key=lambda n: id(n) not in top):  # module-level imports first
            self.import_(node)
        for node in statements:
            if isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.context_expr, ast.Call) and self.raises_call(item.context_expr) and isinstance(item.optional_vars, ast.Name):
                        self.exc_names.add(item.optional_vars.id)
        wanted: list[int] | None = None
        if source is not None and "\r" not in source:  # the parser's lines are the \n-separated ones
            index = _Lines(source)
            wanted = index.of([*_TRIGGERS, *self.raises_aliases, *self.module_aliases, *self.exc_names])
        compares = []
        for statement in statements:
            for expression in _expressions(statement, wanted):
                for node in _walk(expression):
                    if isinstance(node, ast.Call):
                        self.call(node)
                    elif isinstance(node, ast.Compare):
                        compares.append(node)
                    elif isinstance(node, ast.Attribute):
                        if isinstance(node.value, ast.Name) and node.value.id in self.module_aliases and not node.attr.startswith("__"):
                            self.add("import", node.attr, node, f"{node.value.id}.{node.attr}")
        for node in compares:  # after every `as` name is known
            self.compare(node)
        own = [_raised(node.exc.args[0]) for node in statements
               if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args]
        own = [raised for raised in own if raised is not None]
        if own:  # a message the test module raises itself (a fake's failure) is not the solution's
            self.out.expectations = [e for e in self.out.expectations if e.kind != "message" or not _raised_by(e.value, own)]
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


def analyse(source: str, provided: set[str], *, every_expression: bool = False) -> Analysis:
    """The file's expectations and tests. `every_expression` walks every expression instead of
    those on lines that can matter (the tests compare both)."""
    collecting = gc.isenabled()
    gc.disable()  # a syntax tree is acyclic: the cyclic collector would only rescan it
    try:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return Analysis()
    finally:
        if collecting:
            gc.enable()
    reader = _Reader(provided)
    reader.read(tree, None if every_expression else source)
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
