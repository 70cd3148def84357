"""The tamper scan of JavaScript and TypeScript sources, on tree-sitter syntax trees.

What carries over from Python: exiting or signalling the process (`process.exit`, `.kill`,
`.abort`, `.reallyExit`) outside a `require.main === module` block (TMP001); strings naming
the report or the tests (TMP002, TMP007); importing a test framework or assertion library
(TMP003); patching what the tests use: assigning to members of imported modules, of globals
(`Object`, `Array`, `JSON`, `Math`, `globalThis`, prototypes), `Object.defineProperty` on them,
exit hooks `process.on('exit')` (TMP004); stack access (`Error.prepareStackTrace`,
`Error.captureStackTrace`, `.caller`, `arguments.callee`) (TMP005); `eval`/`new Function` of
computed code (TMP008). Equality cannot be overridden in JavaScript, so there is no TMP006.
Names are resolved within the file: `const {exit} = process`, `const p = require('process')`.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.tamper import rules as R
from taskgate.hooks.rules.tamper.scan import REPORT_TEXT, TESTS_TEXT, Hit

EXITS = {"process.exit", "process.kill", "process.abort", "process.reallyExit", "process.disconnect"}
FRAMEWORKS = {"node:test", "test", "assert", "node:assert", "assert/strict", "node:assert/strict", "chai", "jest", "vitest",
              "mocha", "sinon", "@jest/globals", "tap", "ava", "uvu"}
GLOBALS = {"Object", "Array", "JSON", "Math", "globalThis", "global", "Number", "String", "Promise", "Reflect", "Symbol", "console", "process"}
STACK_MEMBERS = {"Error.prepareStackTrace", "Error.captureStackTrace", "arguments.callee"}
STRING_TYPES = ("string", "template_string")


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _string(node: Any) -> str | None:
    if node is None or node.type not in STRING_TYPES:
        return None
    if any(c.type == "template_substitution" for c in node.named_children):
        return None
    raw = _text(node)
    return raw[1:-1] if len(raw) >= 2 else ""


class _Scanner:
    def __init__(self, rel: str, source: bytes, *, candidate_is_tests: bool) -> None:
        self.rel, self.lines, self.tests_candidate = rel, source.decode("utf-8", "replace").splitlines(), candidate_is_tests
        self.aliases: dict[str, str] = {}  # local name -> what it stands for (a module or `process.exit`)
        self.modules: set[str] = set()  # local names bound to an imported module
        self.hits: list[Hit] = []

    def hit(self, code: str, node: Any, message: str) -> None:
        row, col = node.start_point
        source = self.lines[row].strip() if row < len(self.lines) else ""
        self.hits.append(Hit(code, self.rel, row + 1, col + 1, message, source))

    def name(self, node: Any) -> str:
        """`a.b.c` with the leftmost name resolved through the file's aliases."""
        if node is None:
            return ""
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            return self.aliases.get(_text(node), _text(node))
        if node.type == "member_expression":
            base, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            left = self.name(base)
            return f"{left}.{_text(prop)}" if left and prop is not None else ""
        if node.type == "subscript_expression":
            key = _string(node.child_by_field_name("index"))
            left = self.name(node.child_by_field_name("object"))
            return f"{left}.{key}" if left and key is not None else ""
        return ""

    def module_of(self, call: Any) -> str | None:
        """The module a `require('x')` / `import('x')` call loads."""
        fn = call.child_by_field_name("function")
        if fn is None or _text(fn) not in ("require", "import"):
            return None
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        return _string(first)

    def collect_aliases(self, root: Any) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.type == "import_statement":
                source = _string(node.child_by_field_name("source"))
                if source is None:
                    continue
                for ident in (n for n in _descendants(node) if n.type == "identifier"):
                    self.aliases[_text(ident)] = source.removeprefix("node:")
                    self.modules.add(_text(ident))
            elif node.type == "variable_declarator":
                target, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if target is None or value is None:
                    continue
                module = self.module_of(value) if value.type == "call_expression" else None
                origin = module.removeprefix("node:") if module else self.name(value) if value.type in ("identifier", "member_expression") else ""
                if not origin:
                    continue
                if target.type == "identifier":
                    self.aliases[_text(target)] = origin
                    if module:
                        self.modules.add(_text(target))
                elif target.type == "object_pattern":
                    for prop in target.named_children:
                        if prop.type == "shorthand_property_identifier_pattern":
                            self.aliases[_text(prop)] = f"{origin}.{_text(prop)}"
                        elif prop.type == "pair_pattern":
                            key, val = prop.child_by_field_name("key"), prop.child_by_field_name("value")
                            if key is not None and val is not None and val.type == "identifier":
                                self.aliases[_text(val)] = f"{origin}.{_text(key)}"

    def scan(self, root: Any) -> list[Hit]:
        self.collect_aliases(root)
        stack = [(root, False)]
        while stack:
            node, entry = stack.pop()
            entry = entry or _is_main_guard(node)
            self.visit(node, entry)
            stack.extend((c, entry) for c in reversed(node.children))
        return self.hits

    def visit(self, node: Any, entry: bool) -> None:
        kind = node.type
        if kind == "call_expression":
            self.visit_call(node, entry)
        elif kind == "new_expression" and _text(node.child_by_field_name("constructor") or node) == "Function":
            self.hit(R.DYNAMIC, node, "`new Function` runs code built at run time")
        elif kind == "import_statement":
            source = _string(node.child_by_field_name("source"))
            self.check_module(source, node)
        elif kind == "assignment_expression" or kind == "augmented_assignment_expression":
            self.check_store(node.child_by_field_name("left"), node)
        elif kind == "member_expression":
            name = self.name(node)
            if name in STACK_MEMBERS or _text(node.child_by_field_name("property") or node) == "caller":
                self.hit(R.FRAMES, node, f"reads `{name or _text(node)}`, which exposes the callers")
        elif kind in STRING_TYPES:
            value = _string(node)
            if value is not None and len(value) < 2000:
                if REPORT_TEXT.search(value):
                    self.hit(R.REPORT, node, f"names the test runner's report or output ({value[:40]!r})")
                elif TESTS_TEXT.search(value):
                    self.hit(R.READS_TESTS, node, f"names the task's tests ({value[:40]!r})")

    def visit_call(self, node: Any, entry: bool) -> None:
        module = self.module_of(node)
        if module is not None:
            self.check_module(module, node)
            return
        if _text(node.child_by_field_name("function") or node) == "import":
            self.hit(R.DYNAMIC, node, "`import()` of a computed module name")
            return
        name = self.name(node.child_by_field_name("function"))
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if name in EXITS and not entry:
            self.hit(R.EXIT, node, f"calls `{name}`, which ends or signals the test process")
        elif name in ("process.on", "process.once", "process.prependListener") and _string(first) in ("exit", "beforeExit", "uncaughtException"):
            self.hit(R.PATCHING, node, f"hooks the process's `{_string(first)}` event")
        elif name in ("Object.defineProperty", "Object.defineProperties", "Object.setPrototypeOf", "Reflect.set", "Reflect.defineProperty", "Object.assign") and first is not None:
            target = self.name(first)
            if target.split(".")[0] in GLOBALS or first.type == "identifier" and _text(first) in self.modules:
                self.hit(R.PATCHING, node, f"`{name}` on `{target}`")
        elif name in ("eval", "globalThis.eval", "vm.runInThisContext", "vm.runInNewContext") and first is not None and _string(first) is None:
            self.hit(R.DYNAMIC, node, f"`{name}` of code built at run time")

    def check_module(self, module: str | None, node: Any) -> None:
        if module is None:
            return
        if module in FRAMEWORKS and not self.tests_candidate:
            self.hit(R.HARNESS, node, f"imports `{module}`: a solution does not use the test framework or assertion library")
        elif module.removeprefix("node:") in ("v8", "inspector", "worker_threads") and not self.tests_candidate:
            self.hit(R.PATCHING, node, f"imports `{module}`, which reaches into the runtime")

    def check_store(self, target: Any, node: Any) -> None:
        if target is None or target.type not in ("member_expression", "subscript_expression"):
            return
        name = self.name(target)
        head = name.split(".")[0]
        root = target
        while root.type in ("member_expression", "subscript_expression"):
            root = root.child_by_field_name("object")
        if name in STACK_MEMBERS:
            self.hit(R.FRAMES, node, f"assigns `{name}`, which exposes the callers' stack")
        elif head in GLOBALS or ".prototype" in name or (root is not None and root.type == "identifier" and _text(root) in self.modules):
            self.hit(R.PATCHING, node, f"assigns to `{name}`, which the tests may use")


def _descendants(node: Any) -> list[Any]:
    out, stack = [], list(node.children)
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(child.children)
    return out


def _is_main_guard(node: Any) -> bool:
    if node.type != "if_statement":
        return False
    condition = " ".join(_text(node.child_by_field_name("condition") or node).split())
    return "require.main === module" in condition or "require.main == module" in condition or "import.meta.main" in condition


def scan_js(rel: str, source: bytes, language: str, *, candidate_is_tests: bool = False) -> list[Hit]:
    from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for

    try:
        tree = parser_for(language).parse(source)
    except (ImportError, ValueError, OSError):
        return []  # the grammar is an optional dependency; the run-time checks still apply
    hits = _Scanner(rel, source, candidate_is_tests=candidate_is_tests).scan(tree.root_node)
    return sorted(set(hits), key=lambda h: (h.file, h.line, h.column, h.code))
