"""Stubs of a non-Python ground truth: the same files and interface, every function fails when called.

A failing statement is inserted at the start of every function body the syntax tree shows, and
the rest of the body is kept (so imports stay used, declared return types stay satisfied and the
code still compiles; the rest is merely unreachable):
- JavaScript/TypeScript: `throw new Error(...)` (an arrow function's expression body becomes a
  block that throws);
- Java: `if (true) throw new UnsupportedOperationException(...);` (`if (true)` keeps javac from
  rejecting the unreachable rest), after a constructor's `this(...)`/`super(...)` call;
- Go: `panic(...)`; Rust: `panic!(...)`; C++: `throw "..."`; C (task language `c`, or `.c` files):
  `__builtin_trap()`.
The functions are those the idiomatic hook measures (`hooks/rules/idiomatic/structure.is_function`):
named functions, methods and constructors, and function expressions bound to a name. Left as
they are: `main`, Go `init`, C++ destructors, functions without a body, and callbacks, lambdas
and closures (inside a function they are unreachable once it fails; at module level they may run
at import, which is not call time), and test code the ground truth ships (`*_test.go`,
`*.test.js`, `*Test.java`, Rust `#[cfg(test)]` modules).

A suite that passes this stub never calls the code it is supposed to check (RUN004).
"""

from __future__ import annotations

from typing import Any

from taskgate.ci.sandbox.candidate import Candidate
from taskgate.ci.gate.syntax_mutants import TEST_FILE, language_for, test_module
from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for
from taskgate.hooks.rules.idiomatic.structure import FAMILY, function_name, is_function

MESSAGE = "taskgate stub: not implemented"
FAIL = {
    "javascript": f'throw new Error("{MESSAGE}");', "typescript": f'throw new Error("{MESSAGE}");', "tsx": f'throw new Error("{MESSAGE}");',
    "java": f'if (true) throw new UnsupportedOperationException("{MESSAGE}");',
    "go": f'panic("{MESSAGE}");', "rust": f'panic!("{MESSAGE}");', "cpp": f'throw "{MESSAGE}";', "c": "__builtin_trap();",
}


def stub_of(gt: Candidate, language: str | None) -> Candidate | None:
    """The stub of a ground truth in a tree-sitter language, or None when nothing was stubbed."""
    out: dict[str, bytes] = {}
    changed = False
    for rel, data in gt.files.items():
        grammar = language_for(rel, language)
        if grammar is None or TEST_FILE.search(rel):
            out[rel] = data
            continue
        if grammar == "cpp" and (language == "c" or rel.endswith(".c")):
            grammar = "c"
        stubbed = stub_source(data, grammar)
        changed = changed or stubbed != data
        out[rel] = stubbed
    if not changed:
        return None
    return Candidate(f"stub (every function body fails first: {FAIL[_label(language)]})", out)


def _label(language: str | None) -> str:
    return language if language in FAIL else "cpp"


def stub_source(source: bytes, grammar: str) -> bytes:
    """`source` with the failing statement inserted into every function body it defines."""
    family = FAMILY.get(grammar, grammar)
    tree = parser_for(grammar).parse(source)
    edits: list[tuple[int, int, bytes]] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if test_module(node):
            continue
        if is_function(node, family) and not _left_alone(node):
            edit = _edit(node, grammar)
            if edit is not None:
                edits.append(edit)
        stack.extend(node.children)
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _left_alone(node: Any) -> bool:
    name = function_name(node)
    return name in ("main", "init") or name.startswith("~") or "::~" in name


def _edit(node: Any, grammar: str) -> tuple[int, int, bytes] | None:
    body = node.child_by_field_name("body")
    if body is None:
        return None
    fail = FAIL[grammar].encode()
    if body.type not in ("statement_block", "block", "compound_statement", "constructor_body"):
        if node.type == "arrow_function":  # an expression body
            return body.start_byte, body.end_byte, b"{ " + fail + b" return (" + (body.text or b"") + b"); }"
        return None
    if not body.children or body.children[0].type != "{":
        return None
    at = body.children[0].end_byte
    first = body.named_children[0] if body.named_children else None
    if first is not None and first.type == "explicit_constructor_invocation":
        at = first.end_byte
    return at, at, b" " + fail
