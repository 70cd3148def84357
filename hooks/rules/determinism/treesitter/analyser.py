"""Determinism analysis of JavaScript, TypeScript, Java, Go, C, C++ and Rust with tree-sitter.

`analyse(source, language)` parses the file with the language's tree-sitter grammar and hands
the syntax tree to that language's analyser module (`determinism_ts_js`, `_java`, `_go`, `_c`,
`_rust`). Only syntax nodes are looked at, never the raw text, so comments and string contents
never match; a file with syntax errors is analysed on the parts that parse (tree-sitter keeps
them) and analysis never raises.

This module holds what the language analysers share: the parser cache (grammars are imported
lazily, one per language actually analysed), an iterative walk with lexical scopes for name
resolution, the hit collector (which also turns "seeded from the clock" into DET203), the
message texts and the network-tool test for commands run in a subprocess. The parser cache
(`GRAMMARS`, `parser_for`) is shared with the contract family (rules/contract/defined.py), which
reads declarations from the same syntax trees.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from taskgate.hooks.rules.determinism.hook import Hit
from taskgate.hooks.rules.determinism.commands import network_shell, network_tool  # noqa: F401 - re-exported to the language modules
from taskgate.hooks.rules.determinism.rules import (
    CLOCK,
    ENTROPY_SEED,
    GLOBAL_RNG,
    NETWORK,
    NETWORK_TOOL,
    OS_ENTROPY,
    TIME_UUID,
    UNSEEDED_RNG,
)

# language -> (grammar module, function returning the language pointer, analyser module)
GRAMMARS: dict[str, tuple[str, str, str]] = {
    "javascript": ("tree_sitter_javascript", "language", "taskgate.hooks.rules.determinism.treesitter.js"),
    "typescript": ("tree_sitter_typescript", "language_typescript", "taskgate.hooks.rules.determinism.treesitter.js"),
    "tsx": ("tree_sitter_typescript", "language_tsx", "taskgate.hooks.rules.determinism.treesitter.js"),
    "java": ("tree_sitter_java", "language", "taskgate.hooks.rules.determinism.treesitter.java"),
    "go": ("tree_sitter_go", "language", "taskgate.hooks.rules.determinism.treesitter.go"),
    "c": ("tree_sitter_c", "language", "taskgate.hooks.rules.determinism.treesitter.c"),
    "cpp": ("tree_sitter_cpp", "language", "taskgate.hooks.rules.determinism.treesitter.c"),
    "rust": ("tree_sitter_rust", "language", "taskgate.hooks.rules.determinism.treesitter.rust"),
}

_PARSERS: dict[str, Any] = {}

# Why each kind of call breaks determinism (the middle of every message).
REASONS: dict[str, str] = {
    CLOCK: "reads the current time, which differs on every run",
    TIME_UUID: "makes a time-based id, which embeds the clock and differs on every run",
    GLOBAL_RNG: "draws from the process-wide random generator, which is seeded from entropy at start-up",
    UNSEEDED_RNG: "creates a random generator seeded from entropy, so its sequence changes on every run",
    ENTROPY_SEED: "seeds a generator from the clock or OS entropy, so the seed changes on every run",
    OS_ENTROPY: "reads OS entropy (a cryptographic random source), which cannot be seeded",
    NETWORK: "reaches the network, which the sandbox does not have and whose answers change over time",
    NETWORK_TOOL: "runs a network tool in a subprocess, so the result depends on the network",
}
FIX_NETWORK = "ship the data in the task (a fixture file or a literal) or inject a fake client"
FIX_TOOL = "install what is needed in the Dockerfile with pinned versions and ship data in the task"


def parser_for(language: str) -> Any:
    """A cached tree-sitter parser; the grammar package is imported on first use."""
    parser = _PARSERS.get(language)
    if parser is None:
        from tree_sitter import Language, Parser

        module, function, _ = GRAMMARS[language]
        grammar = importlib.import_module(module)
        parser = _PARSERS[language] = Parser(Language(getattr(grammar, function)()))
    return parser


def analyse(source: bytes, language: str) -> list[Hit]:
    """Findings for one file: sorted, deduplicated, 1-based line and character column."""
    if language not in GRAMMARS:
        return []
    analyser = importlib.import_module(GRAMMARS[language][2])
    may_report = getattr(analyser, "may_report", None)
    if may_report is not None and not may_report(source):
        return []  # a byte prefilter: parsing and walking cost far more than reading
    tree = parser_for(language).parse(source)
    report = Report(source, tree.root_node, language)
    analyser.analyse_tree(tree.root_node, report, language)
    return report.hits()


# --- syntax helpers ---------------------------------------------------------------------------


def text(node: Any) -> str:
    raw = node.text
    return raw.decode("utf-8", "replace") if raw is not None else ""


def string_value(node: Any, string_types: frozenset[str]) -> str | None:
    """The contents of a string literal node (substitutions become `X`), else None."""
    if node is None:
        return None
    if node.type == "concatenated_string":  # C/C++ "a" "b"
        parts = [string_value(c, string_types) for c in node.named_children]
        return None if any(p is None for p in parts) else "".join(p for p in parts if p)
    if node.type not in string_types:
        return None
    inner = []
    for child in node.named_children:
        if child.type in ("template_substitution", "interpolation"):
            inner.append("X")
        elif child.type == "escape_sequence":
            inner.append(" " if text(child) in ("\\n", "\\t") else text(child)[1:])
        else:
            inner.append(text(child))
    if inner:
        return "".join(inner)
    raw = text(node)
    starts = [raw.find(q) for q in "\"'`" if q in raw]
    if not starts:
        return ""
    start = min(starts)
    end = raw.rfind(raw[start])
    return raw[start + 1:end] if end > start else ""


def walk(root: Any, scope_types: frozenset[str], visit: Callable[[Any, Chain], None]) -> None:
    """Pre-order walk over named nodes without recursion. `visit(node, chain)` gets the scope
    chain that applies *inside* the node (it starts with the node's id if it opens a scope)."""
    stack: list[tuple[Any, Chain]] = [(root, None)]
    while stack:
        node, chain = stack.pop()
        if node.type in scope_types:
            chain = (node.id, node.type, chain)
        visit(node, chain)
        children = node.named_children
        for child in reversed(children):
            stack.append((child, chain))


Chain = tuple[int, str, Any] | None  # linked list of (scope node id, node type), innermost first

_LOCAL = object()  # a binding whose value the analysers do not know (a user's variable)
MISSING = object()


class Scopes:
    """Bindings per scope: name -> [(visible from byte, value)]; `value` is an analyser's
    resolution of what the name stands for (a qualified API name) or LOCAL."""

    LOCAL = _LOCAL

    def __init__(self) -> None:
        self.table: dict[int, dict[str, list[tuple[int, Any]]]] = {}

    def declare(self, chain: Chain, name: str, visible_from: int = 0, value: Any = _LOCAL) -> None:
        if chain is None or not name:
            return
        self.table.setdefault(chain[0], {}).setdefault(name, []).append((visible_from, value))

    def lookup(self, chain: Chain, name: str, at: int) -> Any:
        """The innermost visible binding's value, or MISSING when the name is not declared."""
        while chain is not None:
            entries = self.table.get(chain[0], {}).get(name)
            if entries:
                best = [value for start, value in entries if start <= at]
                if best:
                    return best[-1]
            chain = chain[2]
        return MISSING


def parent_chain(chain: Chain) -> Chain:
    return chain[2] if chain is not None else None


def enclosing(chain: Chain, types: frozenset[str]) -> Chain:
    """The innermost part of `chain` that starts at a scope of one of `types` (else the root)."""
    while chain is not None and chain[1] not in types and chain[2] is not None:
        chain = chain[2]
    return chain


# --- hits -------------------------------------------------------------------------------------


class Report:
    """Collects hits. `seed(...)` records a seeding call: a clock or entropy read inside its
    argument becomes one DET203 at the seeding call instead of its own finding."""

    def __init__(self, source: bytes, root: Any = None, language: str = "") -> None:
        self.source = source
        self.root = root
        self.language = language
        self._targets: Any = None  # targets.Targets of the file, built at the first network call
        self._hits: list[tuple[int, int, int, str, str]] = []  # byte, row, byte col, code, message
        self._seeds: list[tuple[Any, Any, str, str]] = []  # call node, argument node, what, fix
        self._lines: list[int] | None = None
        self._ready: list[Hit] = []  # hits of re-parsed fragments (macro bodies), already placed

    def place(self, hits: Iterable[Hit], row: int, first_column: int) -> None:
        """Add the hits of a fragment re-parsed on its own whose first line starts at 0-based
        `row` and 1-based character column `first_column` of this file."""
        for hit in hits:
            column = hit.column + first_column - 1 if hit.line == 1 else hit.column
            self._ready.append(Hit(hit.line + row, column, hit.code, hit.message))

    def char_column(self, row: int, byte_col: int) -> int:
        return self._column(row, byte_col)

    def add(self, node: Any, code: str, what: str, fix: str, *, resolved: str | None = None,
            at: tuple[int, int] | None = None) -> None:
        if code == NETWORK and self.loopback(node, resolved or what):
            return  # a literal loopback target: the task's own server, no network needed
        row, col = at if at is not None else node.start_point
        what = " ".join(what.split())
        if len(what) > 60:
            what = what[:57] + "..."
        named = f" (`{resolved}`)" if resolved and resolved not in what else ""
        message = f"`{what}`{named} {REASONS[code]}; {fix}"
        self._hits.append((node.start_byte, row, col, code, message))

    def loopback(self, node: Any, name: str) -> bool:
        if self.root is None:
            return False
        from taskgate.hooks.rules.determinism.treesitter import targets

        if self._targets is None:
            self._targets = targets.Targets(self.root, self.source)
        return targets.is_loopback_call(node, name, self._targets, self.language)

    def seed(self, call: Any, argument: Any, what: str, fix: str) -> None:
        if argument is not None:
            self._seeds.append((call, argument, what, fix))

    def seeded_from_entropy(self, argument: Any) -> bool:
        """Whether a clock or entropy read was reported inside `argument` (used by analysers to
        decide if a global generator was seeded with a reproducible value)."""
        return any(self._inside(h, argument) for h in self._hits)

    @staticmethod
    def _inside(hit: tuple[int, int, int, str, str], node: Any) -> bool:
        return hit[3] in (CLOCK, OS_ENTROPY, TIME_UUID, UNSEEDED_RNG) and node.start_byte <= hit[0] < node.end_byte

    def hits(self) -> list[Hit]:
        kept = list(self._hits)
        for call, argument, what, fix in self._seeds:
            inner = [h for h in kept if self._inside(h, argument)]
            if inner:
                kept = [h for h in kept if h not in inner]
                kept.append((call.start_byte, *call.start_point, ENTROPY_SEED,
                             f"`{what}` {REASONS[ENTROPY_SEED]}; {fix}"))
        out = {(row + 1, self._column(row, col), code): msg for _, row, col, code, msg in kept}
        for hit in self._ready:
            out.setdefault((hit.line, hit.column, hit.code), hit.message)
        return sorted(Hit(line, col, code, msg) for (line, col, code), msg in out.items())

    def _column(self, row: int, byte_col: int) -> int:
        if self._lines is None:
            self._lines = [0, *(m.end() for m in re.finditer(b"\n", self.source))]
        start = self._lines[row] if row < len(self._lines) else 0
        return len(self.source[start:start + byte_col].decode("utf-8", "replace")) + 1


# --- commands run in a subprocess -------------------------------------------------------------

# The network-tool test for commands is shared with the Python analyser: determinism_commands.


def without_generics(name: str) -> str:
    """A qualified name with its generic arguments and white space dropped (`a::B<T>::c` -> `a::B::c`)."""
    out, depth = [], 0
    for ch in name:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth = max(depth - 1, 0)
        elif depth == 0 and not ch.isspace():
            out.append(ch)
    return "".join(out)


class SeedGate:
    """Whether a draw from a process-wide generator (C `rand()`, Go's top-level math/rand) was
    seeded with a reproducible value. A seeding call counts for draws after it in the same
    function, and for every draw in the file's other functions (`init()`, a setup helper or
    `main` may run first; the order of calls across functions is not known statically)."""

    def __init__(self) -> None:
        self.seeds: list[tuple[int | None, int]] = []  # (enclosing function id, start byte)

    def seeded(self, function: int | None, at: int) -> None:
        self.seeds.append((function, at))

    def covers(self, function: int | None, at: int) -> bool:
        return any(f != function or start < at for f, start in self.seeds)
