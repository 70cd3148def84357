"""Mutants of JavaScript, TypeScript, Java, Go, C, C++ and Rust ground truth, from tree-sitter trees.

The same operators as the Python mutants (`mutation.py`), found on the syntax tree and applied to
the source text by byte range, so comments, formatting and everything else stay as written:
- comparison: `<`/`<=`, `>`/`>=`, `==`/`!=`, `===`/`!==` swapped;
- boolean: `&&`/`||` swapped, `!x` -> `x`, `true`/`false` swapped;
- negation: the condition of an `if` or `while` -> `!(condition)`;
- constant: a decimal integer literal n -> n + 1 (a suffix such as `10u`, `3usize`, `7L` is kept);
- arithmetic: `+`/`-`, `*`/`/`, `%` -> `/`, `<<`/`>>`, `&`/`|`, `^` -> `&` (also in compound
  assignments), `++`/`--` swapped;
- return: the returned value -> a default of the function's type (`undefined`; Java `0`, `false`
  or `null` by the declared type; Go the zero value of each result type; C++ `{}`; C `0`;
  Rust `Default::default()`, also for a function's tail expression);
- statement: an expression statement (call, assignment, increment), `throw`, `break` or
  `continue` removed.

Not mutated: type annotations and type arguments, attributes, annotations and decorators, the
preprocessor, imports, and test code the ground truth ships (`*_test.go`, `*.test.js`,
`*Test.java`, Rust `#[cfg(test)]` modules). A mutant whose token stream (comments excluded)
equals the original's or an earlier mutant's is dropped.

Types are not known from a syntax tree, so some mutants of compiled languages do not compile
(`"a" + s` -> `"a" - s` in Java). The mutant run recognises a compiler error at the mutated line
and leaves such a mutant out of the score (`mutant_runs.invalid`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from taskgate.ci.gate.python_mutants import Mutant
from taskgate.hooks.rules.determinism.hook import language_of
from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for

CMP_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "===": "!==", "!==": "==="}
BOOL_SWAP = {"&&": "||", "||": "&&"}
ARITH_SWAP = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "/", "<<": ">>", ">>": "<<", "&": "|", "|": "&", "^": "&"}
COMPOUND_SWAP = {f"{a}=": f"{b}=" for a, b in ARITH_SWAP.items()}
UPDATE_SWAP = {"++": "--", "--": "++"}

BINARY = frozenset({"binary_expression"})
COMPOUND = frozenset({"augmented_assignment_expression", "assignment_expression", "compound_assignment_expr", "assignment_statement"})
UPDATE = frozenset({"update_expression", "inc_statement", "dec_statement"})
INTEGER = frozenset({"number", "decimal_integer_literal", "int_literal", "integer_literal", "number_literal"})
BOOLEAN = frozenset({"true", "false", "boolean_literal"})
CONDITIONAL = frozenset({"if_statement", "while_statement", "if_expression", "while_expression", "do_statement"})
STATEMENT_EXPRS = frozenset({
    "call_expression", "method_invocation", "assignment_expression", "augmented_assignment_expression", "update_expression",
    "compound_assignment_expr", "macro_invocation", "await_expression", "new_expression", "object_creation_expression",
})
REMOVABLE = frozenset({
    "throw_statement", "break_statement", "continue_statement", "assignment_statement", "inc_statement", "dec_statement",
    "break_expression", "continue_expression",
})
SKIPPED = frozenset({
    "type_annotation", "type_arguments", "type_parameters", "template_argument_list", "template_parameter_list",
    "attribute_item", "inner_attribute_item", "attribute_declaration", "annotation", "marker_annotation", "decorator",
    "import_statement", "import_declaration", "use_declaration", "package_clause", "preproc_include", "preproc_def",
    "preproc_function_def", "preproc_call", "comment", "line_comment", "block_comment", "string", "template_string",
    "interpreted_string_literal", "raw_string_literal", "string_literal", "char_literal", "rune_literal",
    "array_type", "type_alias_declaration", "interface_declaration", "enum_declaration", "static_assert_declaration",
})
TEST_FILE = re.compile(r"(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|Tests?\.java)$")
DECIMAL = re.compile(r"^(-?)([0-9]+)([a-zA-Z0-9]*)$")
INT_SUFFIX = {
    "javascript": re.compile(r"^n?$"), "typescript": re.compile(r"^n?$"), "tsx": re.compile(r"^n?$"),
    "java": re.compile(r"^[lL]?$"), "go": re.compile(r"^$"), "c": re.compile(r"^[uUlL]{0,3}$"), "cpp": re.compile(r"^[uUlLzZ]{0,3}$"),
    "rust": re.compile(r"^([iu](8|16|32|64|128|size))?$"),
}
# Returned values that already equal the default a return mutant would put there.
ALREADY_DEFAULT = {
    "rust": frozenset({"None", "0", "false", "()", "Vec::new()", "String::new()", "vec![]", "Default::default()"}),
    "cpp": frozenset({"0", "{}", "false", "nullptr", "0.0"}),
    "c": frozenset({"0", "NULL", "false"}),
    "java": frozenset({"0", "0L", "0.0"}),
}
BODIES = frozenset({
    "statement_block", "block", "compound_statement", "statement_list", "switch_case", "case_statement", "switch_block_statement_group",
    "expression_case", "default_case", "for_statement", "for_in_statement", "enhanced_for_statement", "for_range_loop", "while_statement",
    "if_statement", "else_clause",
})
FUNCTIONS = frozenset({
    "function_declaration", "function_expression", "arrow_function", "method_definition", "generator_function_declaration",
    "method_declaration", "func_literal", "function_item", "function_definition", "lambda_expression", "closure_expression",
})


def language_for(rel: str, task_language: str | None) -> str | None:
    """The tree-sitter grammar for a ground-truth file (`.h` is C in a C task), or None."""
    found = language_of(rel)
    if found is None or found[0] == "python":
        return None
    if rel.endswith(".h") and task_language == "c":
        return "c"
    return found[0]


def tokens(tree: Any) -> tuple[bytes, ...]:
    """The leaf tokens of a tree, comments excluded: what the compiler sees."""
    out: list[bytes] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if "comment" in node.type:
            continue
        if node.child_count == 0:
            out.append(node.text or b"")
        else:
            stack.extend(reversed(node.children))
    return tuple(out)


def test_module(node: Any) -> bool:
    """A Rust `#[cfg(test)] mod tests { ... }`: the ground truth's own tests."""
    if node.type != "mod_item":
        return False
    previous = node.prev_named_sibling
    return previous is not None and previous.type == "attribute_item" and b"cfg(test)" in (previous.text or b"").replace(b" ", b"")


def _operator(node: Any) -> Any | None:
    found = node.child_by_field_name("operator")
    if found is not None:
        return found
    for child in node.children:
        if not child.is_named:
            return child
    return None


def _text(node: Any) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


class _Sites:
    """Every mutation site of one file: (operator, node, start, end, replacement)."""

    def __init__(self, source: bytes, language: str) -> None:
        self.source = source
        self.language = language
        self.out: list[tuple[str, Any, int, int, bytes]] = []

    def add(self, operator: str, node: Any, start: int, end: int, replacement: str) -> None:
        self.out.append((operator, node, start, end, replacement.encode()))

    def walk(self, root: Any) -> list[tuple[str, Any, int, int, bytes]]:
        stack: list[tuple[Any, Any]] = [(root, None)]
        while stack:
            node, function = stack.pop()
            if node.type in SKIPPED or node.type.endswith("_type") or test_module(node):
                continue
            if node.type in FUNCTIONS:
                function = node
            self.visit(node, function)
            stack.extend((child, function) for child in reversed(node.children))
        return self.out

    def visit(self, node: Any, function: Any) -> None:
        kind = node.type
        if kind in BINARY:
            op = _operator(node)
            if op is not None:
                text = _text(op)
                for table, name in ((CMP_SWAP, "comparison"), (BOOL_SWAP, "boolean"), (ARITH_SWAP, "arithmetic")):
                    if text in table:
                        self.add(name, node, op.start_byte, op.end_byte, table[text])
                        break
        elif kind in COMPOUND:
            op = _operator(node)
            if op is not None and _text(op) in COMPOUND_SWAP:
                self.add("arithmetic", node, op.start_byte, op.end_byte, COMPOUND_SWAP[_text(op)])
        elif kind in UPDATE:
            op = next((c for c in node.children if _text(c) in UPDATE_SWAP), None)
            if op is not None:
                self.add("arithmetic", node, op.start_byte, op.end_byte, UPDATE_SWAP[_text(op)])
        elif kind == "unary_expression" and node.child_count == 2 and _text(node.children[0]) == "!":
            self.add("boolean", node, node.children[0].start_byte, node.children[0].end_byte, "")
        elif kind in BOOLEAN:
            flipped = {"true": "false", "false": "true"}.get(_text(node))
            if flipped:
                self.add("boolean", node, node.start_byte, node.end_byte, flipped)
        elif kind in INTEGER:
            self._constant(node)
        if kind in CONDITIONAL:
            self._negate(node)
        self._return(node, function)
        self._statement(node)

    def _constant(self, node: Any) -> None:
        if node.parent is not None and node.parent.type == "field_expression":
            return  # a tuple field (`pair.1`), not a number
        match = DECIMAL.match(_text(node))
        if not match or not INT_SUFFIX[self.language].match(match.group(3)):
            return
        if len(match.group(2)) > 1 and match.group(2).startswith("0"):
            return  # an octal literal in C-family languages
        value = int(match.group(1) + match.group(2)) + 1
        self.add("constant", node, node.start_byte, node.end_byte, f"{value}{match.group(3)}")

    def _negate(self, node: Any) -> None:
        condition = node.child_by_field_name("condition")
        if condition is None or condition.type in ("let_condition", "let_chain"):
            return
        if condition.type in ("parenthesized_expression", "condition_clause") and condition.named_child_count == 1:
            inner = condition.named_children[0]
            if inner.type in ("declaration", "init_declarator"):
                return
            self.add("negation", node, inner.start_byte, inner.end_byte, f"!({_text(inner)})")
        elif condition.type not in ("parenthesized_expression", "condition_clause"):
            self.add("negation", node, condition.start_byte, condition.end_byte, f"!({_text(condition)})")

    def _return(self, node: Any, function: Any) -> None:
        if function is None:
            return
        if node.type in ("return_statement", "return_expression"):
            value = next((c for c in node.named_children if "comment" not in c.type), None)
            if value is None:
                return
            default = self._default(function, value)
            if default is not None and _text(value) != default and _text(value) not in ALREADY_DEFAULT.get(self.language, ()):
                self.add("return", node, value.start_byte, value.end_byte, default)
        elif node.type == "block" and self.language == "rust" and node.parent is not None and node.parent.type == "function_item":
            tail = node.named_children[-1] if node.named_children else None
            if tail is not None and _text(tail) not in ALREADY_DEFAULT["rust"] and tail.type != "expression_statement" and "comment" not in tail.type and not tail.type.endswith(("declaration", "_item")):
                self.add("return", tail, tail.start_byte, tail.end_byte, "Default::default()")

    def _default(self, function: Any, value: Any) -> str | None:
        lang = self.language
        if lang in ("javascript", "typescript", "tsx"):
            return None if _text(value) in ("undefined", "null") else "undefined"
        if lang == "rust":
            return "Default::default()"
        if lang == "cpp":
            return "{}" if function.type == "function_definition" and _text(function.child_by_field_name("type") or value) != "auto" else None
        if lang == "c":
            return "0"
        if lang == "java":
            declared = function.child_by_field_name("type")
            if declared is None:
                return None
            if declared.type == "boolean_type":
                return "false"
            if declared.type in ("integral_type", "floating_point_type"):
                return "0"
            return "null"
        if lang == "go":
            return self._go_zero(function, value)
        return None

    def _go_zero(self, function: Any, value: Any) -> str | None:
        result = function.child_by_field_name("result")
        if result is None:
            return None
        types = [c for c in result.named_children if c.type == "parameter_declaration"] if result.type == "parameter_list" else [result]
        zeros = []
        for declared in types:
            name = _text(declared.child_by_field_name("type") or declared)
            if re.fullmatch(r"u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)|byte|rune", name):
                zeros.append("0")
            elif name == "string":
                zeros.append('""')
            elif name == "bool":
                zeros.append("false")
            elif name.startswith(("*", "[]", "map[", "chan ", "func")) or name in ("error", "any") or name.startswith("interface"):
                zeros.append("nil")
            else:
                return None  # a named type: its zero value is not known from the syntax tree
        if len(zeros) != max(value.named_child_count, 1) if value.type == "expression_list" else len(zeros) != 1:
            return None
        return ", ".join(zeros)

    def _statement(self, node: Any) -> None:
        parent = node.parent
        if parent is None or parent.type not in BODIES:
            return
        if node.type in REMOVABLE or (node.type == "expression_statement" and node.named_child_count and node.named_children[0].type in STATEMENT_EXPRS):
            if self.language == "rust" and node.type == "expression_statement" and not (node.text or b"").rstrip().endswith(b";"):
                return
            replacement = "" if self.language in ("go", "rust") else ";"
            self.add("statement", node, node.start_byte, node.end_byte, replacement)


def mutants_of(rel: str, source: bytes, language: str) -> list[Mutant]:
    """Every mutant of one file; [] for test files and files that are not UTF-8."""
    if TEST_FILE.search(rel):
        return []
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return []
    parser = parser_for(language)
    tree = parser.parse(source)
    seen = {tokens(tree)}
    out: list[Mutant] = []
    for operator, node, start, end, replacement in _Sites(source, language).walk(tree.root_node):
        mutated = source[:start] + replacement + source[end:]
        stream = tokens(parser.parse(mutated))
        if stream in seen:
            continue
        seen.add(stream)
        before = source[node.start_byte:node.end_byte].decode("utf-8", "replace")
        after = (source[node.start_byte:start] + replacement + source[end:node.end_byte]).decode("utf-8", "replace")
        line, column = _position(source, node.start_byte)
        out.append(Mutant(rel, line, column, operator, _short(before), _short(after) or "(removed)", mutated.decode("utf-8")))
    return out


def _position(source: bytes, offset: int) -> tuple[int, int]:
    line_start = source.rfind(b"\n", 0, offset) + 1
    return source.count(b"\n", 0, offset) + 1, len(source[line_start:offset].decode("utf-8", "replace")) + 1


def every_mutant(files: dict[str, bytes], task_language: str | None) -> Iterator[Mutant]:
    for rel in sorted(files):
        language = language_for(rel, task_language)
        if language is not None:
            yield from mutants_of(rel, files[rel], language)
