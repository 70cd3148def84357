"""JavaScript / TypeScript / TSX determinism analysis over tree-sitter syntax trees.

Every expression chain (`a.b.c`, `require('x').y`, `globalThis.fetch`) is resolved to a qualified
API name through the file's scopes: imports (`import * as c from 'node:crypto'`, `import http
from 'node:http'`, `import { v4 } from 'uuid'`), `require` calls and destructuring of either
(`const { randomUUID } = require('crypto')`, `const { now } = Date`). A name bound by a local
declaration, parameter, function or class is the user's own and never matches, so
`clock.now()` and a shadowed `Date` are fine. The resolved name is looked up in `API`.

Mocks count as making the API deterministic for the whole file: assigning to it
(`Date.now = () => 0`, `global.fetch = jest.fn()`), `jest.spyOn(Math, 'random')` /
`sinon.stub(...)`, `jest.mock('axios')`, fake timers (`useFakeTimers`, `setSystemTime`,
mockdate, timekeeper) for the clock, and nock / msw / fetch-mock for the network.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.determinism.rules import CLOCK, ENTROPY_SEED, NETWORK, NETWORK_TOOL
from taskgate.hooks.rules.determinism.treesitter.analyser import (
    FIX_TOOL,
    MISSING,
    Chain,
    Report,
    Scopes,
    enclosing,
    network_shell,
    network_tool,
    parent_chain,
    string_value,
    text,
    walk,
)
from taskgate.hooks.rules.determinism.treesitter.js_api import (
    ALIASES,
    API,
    CLOCK_MOCK_MODULES,
    COMMANDS,
    GLOBAL_OBJECTS,
    GLOBALS,
    KNOWN_MODULES,
    MOCKING,
    NETWORK_MOCK_MODULES,
    SEEDERS,
)
from taskgate.hooks.rules.determinism.treesitter.js_api import may_report as may_report  # the analyser's byte prefilter

SCOPES = frozenset({"program", "statement_block", "function_declaration", "function_expression", "function",
                    "arrow_function", "method_definition", "generator_function", "generator_function_declaration",
                    "for_statement", "for_in_statement", "catch_clause", "class_static_block", "switch_body"})
FUNCTIONS = frozenset({"program", "function_declaration", "function_expression", "function", "arrow_function",
                       "method_definition", "generator_function", "generator_function_declaration"})
STRINGS = frozenset({"string", "template_string"})
CHAINS = frozenset({"identifier", "member_expression", "subscript_expression"})
WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "non_null_expression",
                      "satisfies_expression", "type_assertion", "await_expression"})


def module_name(spec: str | None) -> str | None:
    if spec is None:
        return None
    spec = spec.removeprefix("node:")
    return ALIASES.get(spec, spec) if spec in KNOWN_MODULES else None


def join(base: str | None, member: str) -> str | None:
    if base is None:
        return None
    if base == "":  # the global object
        return member if member in GLOBALS else None
    name = f"{base}.{member}"
    return ALIASES.get(name, name)


class Analysis:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.scopes = Scopes()
        self.declared: set[int] = set()  # ids of identifiers that declare a name
        self.objects: set[int] = set()  # ids of chain nodes that are the object of a longer chain
        self.candidates: list[tuple[Any, Chain]] = []
        self.resolving: dict[int, str | None] = {}
        self.modules_seen: set[str] = set()
        self.mocked_modules: set[str] = set()
        self.mock_targets: list[tuple[Any, Chain, str]] = []  # node, chain, member ("" = node itself)
        self.clock_pinned = False

    # -- declarations --------------------------------------------------------------------------
    def declare(self, pattern: Any, chain: Chain, value: Any = Scopes.LOCAL, path: tuple[str, ...] = ()) -> None:
        kind = pattern.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            self.declared.add(pattern.id)
            bound = value if value is Scopes.LOCAL or isinstance(value, str) else (*value, path)
            self.scopes.declare(chain, text(pattern), 0, bound)
        elif kind == "object_pattern":
            for child in pattern.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.declare(child, chain, value, (*path, text(child)))
                elif child.type == "object_assignment_pattern":
                    left = child.child_by_field_name("left")
                    if left is not None:
                        self.declare(left, chain, value, (*path, text(left)))
                elif child.type == "pair_pattern":
                    key, target = child.child_by_field_name("key"), child.child_by_field_name("value")
                    name = string_value(key, STRINGS) if key is not None and key.type == "string" else text(key)
                    if target is not None:
                        self.declare(target, chain, value, (*path, name))
                else:
                    self.declare(child, chain)
        elif kind in ("array_pattern", "rest_pattern"):
            for child in pattern.named_children:
                self.declare(child, chain)
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            left = pattern.child_by_field_name("left")
            if left is not None:
                self.declare(left, chain, value, path)
        elif kind in ("required_parameter", "optional_parameter"):
            inner = pattern.child_by_field_name("pattern")
            if inner is not None:
                self.declare(inner, chain)

    def visit(self, node: Any, chain: Chain) -> None:
        kind = node.type
        if kind == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            parent = node.parent
            scope = enclosing(chain, FUNCTIONS) if parent is not None and parent.type == "variable_declaration" else chain
            if name is not None:
                self.declare(name, scope, ("expr", value, chain) if value is not None else Scopes.LOCAL)
        elif kind in ("function_declaration", "generator_function_declaration", "class_declaration",
                      "abstract_class_declaration", "enum_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                self.declare(name, parent_chain(chain) if kind in SCOPES else chain)
        elif kind in ("function_expression", "function", "class"):
            name = node.child_by_field_name("name")
            if name is not None:
                self.declare(name, chain)
        elif kind == "formal_parameters":
            for child in node.named_children:
                self.declare(child, chain)
        elif kind == "arrow_function":
            param = node.child_by_field_name("parameter")
            if param is not None:
                self.declare(param, chain)
        elif kind == "catch_clause":
            param = node.child_by_field_name("parameter")
            if param is not None:
                self.declare(param, chain)
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            if left is not None and node.child_by_field_name("kind") is not None:
                self.declare(left, chain)
        elif kind == "import_statement":
            self.visit_import(node, chain)
        elif kind in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if obj is not None:
                self.objects.add(obj.id)
        elif kind == "call_expression":
            self.visit_call(node, chain)
        elif kind == "assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None and left.type in CHAINS:
                self.mock_targets.append((left, chain, ""))
        if kind in CHAINS and node.id not in self.objects and node.id not in self.declared:
            self.candidates.append((node, chain))

    def visit_import(self, node: Any, chain: Chain) -> None:
        spec = string_value(node.child_by_field_name("source"), STRINGS)
        if spec is None:  # TypeScript `import x = require('y')`
            clause = next((c for c in node.named_children if c.type == "import_require_clause"), None)
            if clause is not None:
                spec = string_value(clause.child_by_field_name("source"), STRINGS)
                name = clause.named_children[0] if clause.named_children else None
                if name is not None and name.type == "identifier":
                    self.declare(name, chain, self.module(spec))
            return
        module = self.module(spec)
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.declare(part, chain, module)
                elif part.type == "namespace_import":
                    for name in part.named_children:
                        self.declare(name, chain, module)
                elif part.type == "named_imports":
                    for spec_node in part.named_children:
                        if spec_node.type != "import_specifier":
                            continue
                        imported = spec_node.child_by_field_name("name")
                        local = spec_node.child_by_field_name("alias") or imported
                        if imported is not None and local is not None:
                            member = string_value(imported, STRINGS) or text(imported)
                            resolved = join(module, member) if isinstance(module, str) else Scopes.LOCAL
                            self.declare(local, chain, resolved if resolved is not None else Scopes.LOCAL)

    def module(self, spec: str | None) -> Any:
        if spec is not None:
            self.modules_seen.add(spec.removeprefix("node:"))
        found = module_name(spec)
        return found if found is not None else Scopes.LOCAL

    def visit_call(self, node: Any, chain: Chain) -> None:
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if callee is None or args is None:
            return
        if callee.type == "identifier" and text(callee) == "require" or callee.type == "import":
            first = args.named_children[0] if args.named_children else None
            self.module(string_value(first, STRINGS))
            return
        if callee.type == "member_expression":
            prop = callee.child_by_field_name("property")
            name = text(prop) if prop is not None else ""
        else:
            name = text(callee) if callee.type == "identifier" else ""
        if name not in MOCKING:
            return
        values = [a for a in args.named_children if a.type != "comment"]
        if name in ("mock", "doMock", "unstable_mockModule", "setMock") and values:
            spec = string_value(values[0], STRINGS)
            if spec is not None:
                found = module_name(spec)
                self.mocked_modules.add(found or spec)
        elif (name in ("spyOn", "stub", "replace", "replaceProperty", "replaceGetter") or name == "method" and
              callee.type == "member_expression" and text(callee).endswith("mock.method")) and len(values) >= 2:
            member = string_value(values[1], STRINGS)
            if member is not None and values[0].type in CHAINS:
                self.mock_targets.append((values[0], chain, member))
        elif name in ("useFakeTimers", "setSystemTime", "install", "enable") and (
            name in ("useFakeTimers", "setSystemTime") or callee.type == "member_expression"
            and ("FakeTimers" in text(callee) or text(callee).endswith("timers.enable"))
        ):
            self.clock_pinned = True

    # -- resolution ----------------------------------------------------------------------------
    def qualify(self, node: Any, chain: Chain) -> str | None:
        kind = node.type
        if kind in WRAPPERS:
            inner = node.named_children[0] if node.named_children else None
            return self.qualify(inner, chain) if inner is not None else None
        if kind == "identifier":
            name = text(node)
            bound = self.scopes.lookup(chain, name, node.start_byte)
            if bound is MISSING:
                if name in GLOBAL_OBJECTS:
                    return ""
                return name if name in GLOBALS else None
            return self.binding(bound)
        if kind in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if kind == "member_expression":
                prop = node.child_by_field_name("property")
                member = text(prop) if prop is not None and prop.type == "property_identifier" else None
            else:
                member = string_value(node.child_by_field_name("index"), STRINGS)
            if obj is None or member is None:
                return None
            return join(self.qualify(obj, chain), member)
        if kind == "call_expression":
            callee, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            is_require = callee is not None and (
                callee.type == "import"
                or callee.type == "identifier" and text(callee) == "require"
                and self.scopes.lookup(chain, "require", node.start_byte) is MISSING)
            if is_require and args is not None and args.named_children:
                return module_name(string_value(args.named_children[0], STRINGS))
        return None

    def binding(self, bound: Any) -> str | None:
        if bound is Scopes.LOCAL:
            return None
        if isinstance(bound, str):
            return bound
        _, value, chain, path = bound
        key = value.id
        if key not in self.resolving:
            self.resolving[key] = None  # a cycle resolves to "unknown"
            self.resolving[key] = self.qualify(value, chain)
        base = self.resolving[key]
        for member in path:
            base = join(base, member)
        return base

    # -- findings ------------------------------------------------------------------------------
    def mocked(self) -> set[str]:
        names = set(self.mocked_modules)
        for node, chain, member in self.mock_targets:
            base = self.qualify(node, chain)
            names.add((join(base, member) if member else base) or "")
        names.discard("")
        return names

    def finish(self) -> None:
        mocked = self.mocked()
        network_mocked = bool(self.modules_seen & NETWORK_MOCK_MODULES)
        clock_pinned = self.clock_pinned or bool(self.modules_seen & CLOCK_MOCK_MODULES)
        for node, chain in self.candidates:
            name = self.qualify(node, chain)
            if not name or any(name == m or name.startswith(m + ".") for m in mocked):
                continue
            if name in COMMANDS or name in SEEDERS:
                self.special(node, name)
                continue
            entry = API.get(name)
            if entry is None:
                continue
            code, when, fix = entry
            if (code == CLOCK and clock_pinned) or (code == NETWORK and network_mocked):
                continue
            parent = node.parent
            role = role_of(node, parent)
            if role in ("assigned", "typeof"):
                continue
            called = role in ("call", "new")
            if when == "call" and not called or when == "now" and not now_call(role, parent):
                continue
            what = ("new " if role == "new" else "") + text(node) + ("()" if called else "")
            self.report.add(parent if role == "new" else node, code, what, fix, resolved=name)

    def special(self, node: Any, name: str) -> None:
        parent = node.parent
        if role_of(node, parent) not in ("call", "new"):
            return
        args = parent.child_by_field_name("arguments")
        values = [] if args is None else [a for a in args.named_children if a.type != "comment"]
        if name in SEEDERS:
            if not values:
                self.report.add(parent, ENTROPY_SEED, text(node) + "()", "pass a constant seed such as `seedrandom('42')`")
            else:
                self.report.seed(parent, args, text(node) + "(...)", "pass a constant seed such as `seedrandom('42')`")
            return
        if args is not None and args.type == "template_string":  # execa's $`curl ...`
            tool = network_shell(string_value(args, STRINGS) or "")
        elif not values:
            return
        else:
            program = string_value(values[0], STRINGS)
            if program is None:
                return
            if COMMANDS[name] == "exec" or " " in program.strip():
                tool = network_shell(program)
            else:
                argv: list[str | None] = [program]
                if len(values) > 1 and values[1].type == "array":
                    argv += [string_value(v, STRINGS) for v in values[1].named_children]
                tool = network_tool(argv)
        if tool:
            self.report.add(parent, NETWORK_TOOL, f"{text(node)}(... {tool} ...)", FIX_TOOL, resolved=name)


def role_of(node: Any, parent: Any) -> str:
    if parent is None:
        return "value"
    kind = parent.type
    while kind in WRAPPERS and kind != "await_expression":  # (Date).now, `x as any`
        node, parent = parent, parent.parent
        if parent is None:
            return "value"
        kind = parent.type
    if kind == "call_expression" and _is(parent.child_by_field_name("function"), node):
        return "call"
    if kind == "new_expression" and _is(parent.child_by_field_name("constructor"), node):
        return "new"
    if kind in ("assignment_expression", "augmented_assignment_expression") and _is(parent.child_by_field_name("left"), node):
        return "assigned"
    if kind == "unary_expression" and text(parent).split(None, 1)[0] in ("typeof", "delete"):
        return "typeof"
    if kind in ("export_specifier", "jsx_opening_element", "jsx_closing_element", "jsx_self_closing_element"):
        return "typeof"
    if kind == "binary_expression" and _is(parent.child_by_field_name("right"), node):
        operator = parent.child_by_field_name("operator")
        if operator is not None and operator.type == "instanceof":
            return "typeof"
    return "value"


def now_call(role: str, parent: Any) -> bool:
    """`new Date()` / `new Date` without arguments, or `Date(...)` (which always returns now)."""
    if role == "call":
        return True
    if role != "new":
        return False
    args = parent.child_by_field_name("arguments")
    return args is None or not [a for a in args.named_children if a.type != "comment"]


def _is(a: Any, b: Any) -> bool:
    return a is not None and a.id == b.id


def analyse_tree(root: Any, report: Report, language: str) -> None:
    analysis = Analysis(report)
    walk(root, SCOPES, analysis.visit)
    analysis.finish()
