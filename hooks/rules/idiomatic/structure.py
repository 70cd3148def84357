"""Idiomatic ground truth beyond Python: the shape of each function, from tree-sitter trees.

For JavaScript, TypeScript, Java, Go, C, C++ and Rust files under `solution/` (Python gets the
same limits from ruff, `idiomatic.py`):
- IDI006 complexity: McCabe's number as ruff counts it for Python (1 + each `if`, loop, `case`
  or match arm beyond the first, `catch`; `&&`, `||` and `?:` are not counted), above
  `idiomatic.max_complexity` (default 10);
- IDI009 nesting: control blocks (`if`, loops, `switch`/`match`, `try`) nested deeper than
  `idiomatic.max_nesting` (default 5) inside one function; `else if` chains are not nesting;
- IDI010 length: more than `idiomatic.max_function_lines` (default 80) lines of code in one
  function, blank and comment-only lines not counted;
- IDI011 unused local: a local variable that is declared and never mentioned again in its
  function (JavaScript/TypeScript `const`/`let`/`var`, Java, Rust `let`, C/C++ of a built-in
  type). Go is left to its compiler, which rejects unused locals.

A function is a named function, method or constructor, or a function expression bound to a
name (`const f = () => ...`); callbacks and lambdas belong to the function they are written in,
and module-level callbacks (`describe(..., () => {...})` in a test file) to no function.

Precision first: a file that does not parse cleanly is not checked (a grammar may lag the
language), names starting with `_` are never unused, a mention anywhere in the function counts
(a string, a macro's format string, a property of the same name: better a missed finding than
a false one), and C++ locals of class type are never unused (RAII guards are used by existing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from taskgate.hooks.core.context import Context
from taskgate.hooks.rules.determinism.hook import language_of
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.workspace.task import Task

_HOOK = "idiomatic"
_LIMITS = """Counted on the syntax tree without types or name resolution. Files that do not parse
cleanly with the installed tree-sitter grammar are skipped."""

NESTING = rule(
    "IDI009", "nesting-depth", hook=_HOOK, category="idiomatic",
    summary="A ground-truth function nests control blocks deeper than `idiomatic.max_nesting` (default 5).",
    rationale="""Deeply nested `if`s and loops hide the idea of a solution; a reference answer is read
    to be understood, and a model learns the shape it is shown.""",
    fix="Return early, extract the inner loop into a named helper, or raise `idiomatic.max_nesting` in taskgate.yaml.",
    limits=_LIMITS + " Python ground truth is not checked for nesting (ruff has no stable rule for it).",
)
LENGTH = rule(
    "IDI010", "function-length", hook=_HOOK, category="idiomatic",
    summary="A ground-truth function has more lines of code than `idiomatic.max_function_lines` (default 80).",
    rationale="A long function does several things; named helpers make each one readable and checkable.",
    fix="Split the function into helpers, or raise `idiomatic.max_function_lines` in taskgate.yaml.",
    limits=_LIMITS + " Blank and comment-only lines are not counted. Python ground truth is not checked for length.",
)
UNUSED = rule(
    "IDI011", "unused-local", hook=_HOOK, category="idiomatic",
    summary="A ground-truth function declares a local variable it never uses (JavaScript, TypeScript, Java, Rust, C, C++).",
    rationale="""A dead variable is a leftover of an earlier attempt or a bug (the value was meant to be
    used); either way a reference answer must not teach it. Python gets this from pyflakes (IDI001).""",
    fix="Delete the declaration (keep a call it makes for its effect), or use the value; prefix a deliberately unused name with `_`.",
    limits=_LIMITS + """ Any later mention of the name in the function counts as a use. Go is left to
    its compiler. C/C++ locals count only when their type is built in (class-type locals may be RAII guards).""",
)


@dataclass
class Unit:
    """One function: where it is, what it is called, and what was counted inside it."""

    name: str
    node: Any
    complexity: int = 1
    depth: int = 0
    deepest: Any = None
    locals: list[Any] = field(default_factory=list)


UNITS = {
    "javascript": {"function_declaration", "generator_function_declaration", "method_definition"},
    "java": {"method_declaration", "constructor_declaration", "compact_constructor_declaration"},
    "go": {"function_declaration", "method_declaration"},
    "c": {"function_definition"},
    "rust": {"function_item"},
}
BOUND_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
DECISIONS = frozenset({
    "if_statement", "if_expression", "for_statement", "for_in_statement", "enhanced_for_statement", "for_range_loop", "for_expression",
    "while_statement", "while_expression", "do_statement", "loop_expression", "catch_clause", "expression_case", "type_case",
    "communication_case", "match_arm",
})
CASES = frozenset({"switch_case", "switch_label", "case_statement"})  # count unless they are `default`
BLOCKS = frozenset({
    "if_statement", "if_expression", "for_statement", "for_in_statement", "enhanced_for_statement", "for_range_loop", "for_expression",
    "while_statement", "while_expression", "do_statement", "loop_expression", "switch_statement", "switch_expression",
    "expression_switch_statement", "type_switch_statement", "select_statement", "match_expression", "try_statement",
})
FAMILY = {"typescript": "javascript", "tsx": "javascript", "cpp": "c"}
CPP_BUILTIN = re.compile(r"^(primitive_type|sized_type_specifier)$")


def settings(ctx: Context) -> tuple[int, int, int]:
    section = ctx.config.section("idiomatic")
    return int(section.get("max_complexity", 10)), int(section.get("max_nesting", 5)), int(section.get("max_function_lines", 80))


def function_name(node: Any) -> str:
    named = node.child_by_field_name("name")
    if named is None and node.type == "function_definition":
        declarator = node.child_by_field_name("declarator")
        while declarator is not None and declarator.child_by_field_name("declarator") is not None:
            declarator = declarator.child_by_field_name("declarator")
        named = declarator
    if named is None and node.parent is not None:  # const f = () => ...; {f: function () {}}
        named = node.parent.child_by_field_name("name") or node.parent.child_by_field_name("key") or node.parent.child_by_field_name("left")
    return (named.text or b"").decode("utf-8", "replace") if named is not None else "<function>"


def is_function(node: Any, family: str) -> bool:
    """A named function, method or constructor, or a function expression bound to a name."""
    if node.type in UNITS[family]:
        return True
    if family == "javascript" and node.type in BOUND_FUNCTIONS and node.parent is not None:
        return node.parent.type in ("variable_declarator", "pair", "public_field_definition", "field_definition") or (
            node.parent.type == "assignment_expression" and node.parent.child_by_field_name("right") == node)
    return False


def _is_else_if(node: Any) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "else_clause":
        return True
    alternative = parent.child_by_field_name("alternative") if parent.type in ("if_statement", "if_expression") else None
    return alternative is not None and alternative == node


def _is_default(node: Any) -> bool:
    first = node.children[0] if node.children else None
    return first is not None and first.type == "default" or node.type == "switch_default"


def analyse(tree: Any, family: str) -> list[Unit]:
    """Every function of the file with its complexity, deepest nesting and local declarations."""
    units: list[Unit] = []
    stack: list[tuple[Any, Unit | None, int]] = [(tree.root_node, None, 0)]
    while stack:
        node, unit, depth = stack.pop()
        if is_function(node, family):
            unit = Unit(function_name(node), node)
            units.append(unit)
            depth = 0
        elif unit is not None:
            if node.type in DECISIONS or (node.type in CASES and not _is_default(node)):
                unit.complexity += 1
            if node.type == "match_expression":
                unit.complexity -= 1  # n arms are n - 1 decisions
            if node.type in BLOCKS and not _is_else_if(node):
                depth += 1
                if depth > unit.depth:
                    unit.depth, unit.deepest = depth, node
            if _is_local(node, family):
                unit.locals.append(node)
        stack.extend((child, unit, depth) for child in reversed(node.children))
    return units


def _is_local(node: Any, family: str) -> bool:
    if family == "javascript":
        return node.type == "variable_declarator" and node.child_by_field_name("name") is not None \
            and node.child_by_field_name("name").type == "identifier"
    if family == "java":
        return node.type == "variable_declarator" and node.parent is not None and node.parent.type == "local_variable_declaration"
    if family == "rust":
        pattern = node.child_by_field_name("pattern") if node.type == "let_declaration" else None
        return pattern is not None and pattern.type == "identifier"
    if family == "c":
        if node.type != "declaration" or node.parent is None or node.parent.type != "compound_statement":
            return False
        declared = node.child_by_field_name("type")
        return declared is not None and CPP_BUILTIN.match(declared.type) is not None
    return False


def _declared_names(node: Any, family: str) -> list[Any]:
    if family == "rust":
        return [node.child_by_field_name("pattern")]
    if family == "c":
        out = []
        for declarator in node.children_by_field_name("declarator"):
            inner = declarator.child_by_field_name("declarator") if declarator.type == "init_declarator" else declarator
            if inner is not None and inner.type == "identifier":
                out.append(inner)
        return out
    name = node.child_by_field_name("name")
    return [name] if name is not None and name.type == "identifier" else []


def unused(unit: Unit, family: str) -> Iterator[Any]:
    """Declared names never mentioned again in the function (any mention counts as a use)."""
    body = unit.node.text or b""
    start = unit.node.start_byte
    for declaration in unit.locals:
        for name in _declared_names(declaration, family):
            text = (name.text or b"").decode("utf-8", "replace")
            if not text or text.startswith("_"):
                continue
            word = rb"[\w$]" if family == "javascript" else rb"\w"  # `$` is part of a name only in JavaScript
            pattern = re.compile(rb"(?<!" + word + rb")" + re.escape(name.text or b"") + rb"(?!" + word + rb")")
            others = [m for m in pattern.finditer(body) if m.start() + start != name.start_byte]
            if not others:
                yield name


def code_lines(node: Any, source: bytes) -> int:
    """Lines of the function that hold code (not blank, not only a comment)."""
    lines: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if "comment" in current.type:
            continue
        if current.child_count == 0:
            lines.update(range(current.start_point[0], current.end_point[0] + 1))
        else:
            stack.extend(current.children)
    return len(lines)


@task_check(_HOOK)
def check_structure(task: Task, ctx: Context) -> Iterator[Finding]:
    from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for
    from taskgate.hooks.rules.idiomatic.hook import COMPLEXITY

    max_complexity, max_nesting, max_lines = settings(ctx)
    for entry in task.files_under("solution"):
        found = language_of(entry.rel)
        if found is None or found[0] == "python" or not entry.is_regular or entry.size > task.max_file_size:
            continue
        source = task.read(entry.rel)
        if not isinstance(source, bytes):
            continue
        language = found[0]
        family = FAMILY.get(language, language)
        tree = parser_for(language).parse(source)
        if tree.root_node.has_error:
            continue
        path = task.path(entry.rel)
        for unit in analyse(tree, family):
            line, column = unit.node.start_point[0] + 1, unit.node.start_point[1] + 1
            if unit.complexity > max_complexity:
                yield finding(COMPLEXITY, path, f"`{unit.name}` is too complex ({unit.complexity} > {max_complexity}): split it into named helpers", line, column)
            if unit.depth > max_nesting:
                deep = unit.deepest.start_point
                yield finding(NESTING, path, f"`{unit.name}` nests control blocks {unit.depth} deep (> {max_nesting}): return early or extract a helper", deep[0] + 1, deep[1] + 1)
            lines = code_lines(unit.node, source)
            if lines > max_lines:
                yield finding(LENGTH, path, f"`{unit.name}` has {lines} lines of code (> {max_lines}): split it into helpers", line, column)
            if family != "go":
                for name in unused(unit, family):
                    text = (name.text or b"").decode("utf-8", "replace")
                    yield finding(UNUSED, path, f"local `{text}` in `{unit.name}` is declared and never used: delete it or use it",
                                  name.start_point[0] + 1, name.start_point[1] + 1)
