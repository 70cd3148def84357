"""The names a code file defines: functions, methods, classes and other types, bound variables.

Python is read with `ast`; the other languages with the tree-sitter grammars the determinism
hook loads (`parser_for`). Every declaration counts wherever it is (a method in a class, a Rust
`impl` block, a Go method, a C++ member defined out of line as `Cls::get`, a Java static
method, a JS `const f = (...) =>` or `exports.f = ...`), so a name the signature gives is found
however the ground truth is organised. A file that does not parse cleanly is not trusted to
say what it lacks: any identifier token in it counts as defined.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from taskgate.hooks.rules.determinism.treesitter.analyser import GRAMMARS, parser_for

# Node types whose `name` field is a declared name, by grammar.
_JS = frozenset({
    "function_declaration", "generator_function_declaration", "function_expression", "class_declaration",
    "class", "method_definition", "variable_declarator", "field_definition", "public_field_definition",
    "function_signature", "method_signature", "abstract_method_signature", "abstract_class_declaration",
    "interface_declaration", "type_alias_declaration", "enum_declaration", "module", "internal_module",
})
_NAMED: dict[str, frozenset[str]] = {
    "javascript": _JS,
    "typescript": _JS,
    "tsx": _JS,
    "java": frozenset({
        "class_declaration", "interface_declaration", "enum_declaration", "record_declaration",
        "method_declaration", "constructor_declaration", "annotation_type_declaration", "compact_constructor_declaration",
    }),
    "go": frozenset({"function_declaration", "method_declaration", "type_spec", "type_alias", "method_elem", "var_spec", "const_spec"}),
    "rust": frozenset({
        "function_item", "function_signature_item", "struct_item", "enum_item", "union_item", "trait_item",
        "type_item", "mod_item", "macro_definition", "const_item", "static_item",
    }),
    "c": frozenset({"struct_specifier", "union_specifier", "enum_specifier"}),
    "cpp": frozenset({"struct_specifier", "union_specifier", "enum_specifier", "class_specifier", "alias_declaration", "namespace_definition", "concept_definition"}),
}
# C and C++: declarations whose declarator chain may end in a function (or type) name.
_DECLARATORS = frozenset({"function_definition", "declaration", "field_declaration", "type_definition"})
_WORDS = re.compile(rb"[A-Za-z_$][\w$]*")


def defined_names(source: bytes, language: str) -> set[str]:
    """Names `source` (in `language`: python or a key of GRAMMARS) defines."""
    if language == "python":
        return _python(source)
    if language not in GRAMMARS:
        return set()
    tree = parser_for(language).parse(source)
    if tree.root_node.has_error:
        return _all_words(source)
    names: set[str] = set()
    named = _NAMED.get(language, frozenset())
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in named:
            _add(names, node.child_by_field_name("name") or node.child_by_field_name("property"))
        elif kind in _DECLARATORS and language in ("c", "cpp"):
            _add(names, _declared(node.child_by_field_name("declarator")))
        elif language in ("javascript", "typescript", "tsx"):
            _add(names, _js_binding(node))
        stack.extend(node.named_children)
    return names


def _python(source: bytes) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _all_words(source)
    names: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:  # statements only: a definition is never inside an expression
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)  # re-exports
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                stack.extend(children)
    return names


def _js_binding(node: Any) -> Any:
    """The name JS/TS binds without a declaration: `exports.f = ...`, `{ f: (...) => ... }`, `export { g as f }`."""
    kind = node.type
    if kind == "assignment_expression":
        left = node.child_by_field_name("left")
        return left.child_by_field_name("property") if left is not None and left.type == "member_expression" else None
    if kind == "pair":
        value = node.child_by_field_name("value")
        return node.child_by_field_name("key") if value is not None and value.type in _JS_FUNCTIONS else None
    if kind == "export_specifier":
        return node.child_by_field_name("alias") or node.child_by_field_name("name")
    return None


_JS_FUNCTIONS = frozenset({"function_expression", "arrow_function", "function", "generator_function"})


def _declared(node: Any) -> Any:
    """The name node at the end of a C/C++ declarator chain (`*f(...)`, `Cls::get(...)`, `T name`)."""
    while node is not None:
        kind = node.type
        if kind in ("identifier", "field_identifier", "type_identifier", "destructor_name"):
            return node
        if kind in ("qualified_identifier", "template_function", "template_type"):
            node = node.child_by_field_name("name")
        elif kind in ("operator_name", "operator_cast"):
            return None
        else:
            node = node.child_by_field_name("declarator")
    return None


def _add(names: set[str], node: Any) -> None:
    if node is not None and node.text:
        names.add(node.text.decode("utf-8", "replace").lstrip("~#"))


def _all_words(source: bytes) -> set[str]:
    return {w.decode("ascii", "replace") for w in _WORDS.findall(source)}
