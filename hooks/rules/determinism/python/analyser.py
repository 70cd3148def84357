"""The Python analyser of the `determinism` hook: semantic, not textual.

A call is judged by what the callee refers to after resolving imports, aliases and scopes
(`import time as t`, `from time import time as now`, a parameter called `time`, a user function
called `random`, `__import__("time")`), so strings, comments and docstrings never match and a
user's own `.now()` method is never mistaken for the clock. Seeding is followed in execution
order (`random.seed(1234)` before use makes the module generator fine, in a module, a function,
a pytest fixture or a setUp method). Tests may freeze or patch the clock (freezegun,
time-machine, monkeypatch.setattr, mock.patch): calls they replace are not reads.

Modules: `_scope` (which names each scope binds), `_flow` (statements, expressions, name values),
`_calls` (the judgement of one call), `_catalog` (what is known about library functions).
Known limits are listed in docs/determinism.md and in the rules' `limits`.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import io
import re
import sys
import tokenize
import warnings
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from taskgate.hooks.rules.determinism.hook import Hit
from taskgate.hooks.rules.determinism.python.calls import Calls
from taskgate.hooks.rules.determinism.python.flow import Flow
from taskgate.hooks.rules.determinism.python.prefilter import needs_analysis
from taskgate.hooks.rules.determinism.python.scope import Scopes, parameters
from taskgate.hooks.rules.determinism.python.values import EMPTY, Frame, Func, State, Values


class Conftest(NamedTuple):
    """What the conftest.py files above a test file provide before its tests run."""

    seeded: frozenset[str] = frozenset()  # families seeded at import or by autouse fixtures
    fixtures: Mapping[str, frozenset[str]] = {}  # fixture name -> families it seeds when requested


Provided = Conftest | Callable[[], Conftest] | None
SETUP_FUNCTIONS = frozenset({"setup_module", "setUpModule", "setup_function"})
SETUP_METHODS = frozenset({"setup", "setUp", "setup_method", "setup_class", "setUpClass"})
MAX_RUNS = 3


def analyse(source: bytes, language: str = "python", conftest: Provided = None) -> list[Hit]:
    """Determinism hits of one Python file; [] when it does not parse (other hooks say why).

    `conftest`: generator seeding done by conftest.py files for this file's tests, or a function
    computing it, called only when the file needs the full analysis.
    """
    analyser = _run(source, conftest)
    if analyser is None:
        return []
    return [Hit(line, column, code, message) for (line, column, code), message in sorted(analyser.hits.items())]


def conftest_provides(source: bytes) -> Conftest:
    """The seeding a conftest.py does for the tests below it: at import, in autouse fixtures, and
    in the fixtures a test may request by name."""
    analyser = _run(source, None)
    if analyser is None:
        return Conftest()
    seeded = analyser.module_end.seeded
    fixtures: dict[str, frozenset[str]] = {}
    for name, (fixture, autouse) in sorted(analyser.fixtures.get(analyser.tree, {}).items()):
        seeds = analyser.seeds_of(fixture)
        if autouse:
            seeded |= seeds
        elif seeds:
            fixtures[name] = seeds
    return Conftest(seeded, fixtures)


def _run(source: bytes, conftest: Provided, *, shortcut: bool = True) -> Analyser | None:
    if shortcut and not needs_analysis(source):
        return None
    if callable(conftest):
        conftest = conftest()
    collecting = gc.isenabled()
    gc.disable()  # a syntax tree is acyclic: the cyclic collector would only rescan it
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes: not ours to report
                tree = ast.parse(source)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None
        analyser = Analyser(tree, _lines(source), conftest or Conftest())
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20_000))  # Python-level recursion only (3.11+: no C stack)
        try:
            with contextlib.suppress(RecursionError):  # absurd nesting: what was found stays found
                analyser.run()
        finally:
            sys.setrecursionlimit(limit)
        return analyser
    finally:
        if collecting:
            gc.enable()


def _lines(source: bytes) -> list[str]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        text = source.decode(encoding, errors="replace")
    except (SyntaxError, LookupError):
        text = source.decode("utf-8", errors="replace")
    return re.split(r"\r\n|\r|\n", text)


class Analyser(Calls, Flow):
    def __init__(self, tree: ast.Module, lines: list[str], conftest: Conftest) -> None:
        self.tree = tree
        self.conftest = conftest
        self.lines = lines
        self.scopes = Scopes(tree)
        self.unions: dict[tuple[Any, ...], Values] = {}
        self.hits: dict[tuple[int, int, str], str] = {}
        self.sink: list[tuple[str, ast.AST, str]] = []
        self.quiet = 0

    def reset(self) -> None:
        self.hits = {}
        self.read_keys: set[tuple[Any, ...]] = set()
        self.end_names: dict[Any, dict[str, Values]] = {}
        self.stale = False
        self.deferred: deque[tuple[Any, Frame, State | None]] = deque()  # type: ignore[assignment]
        self.defaults: dict[Any, dict[str, Values]] = {}
        self.def_frames: dict[Any, Frame] = {}
        self.fixtures: dict[Any, dict[str, tuple[Any, bool]]] = {}
        self.seed_memo: dict[Any, frozenset[str]] = {}
        self.discarded: set[int] = set()
        self.assign_target: tuple[Any, str] | None = None

    def run(self) -> dict[tuple[int, int, str], str]:
        for _ in range(MAX_RUNS):
            self.reset()
            module = Frame(self.scopes.module, State(seeded=self.conftest.seeded), None)
            self.module_end = module.state
            self.run_block(self.tree.body, module)
            self.module_end = module.state
            self.end_names[self.scopes.module] = module.state.names  # type: ignore[union-attr]
            while self.deferred:
                self.run_deferred(*self.deferred.popleft())
            if not self.stale:
                break
        return self.hits

    def position(self, node: ast.AST) -> tuple[int, int]:
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():  # col_offset counts UTF-8 bytes
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        return line, offset + 1

    # -- function bodies -----------------------------------------------------------------------
    def function_frame(self, node: Any, parent: Frame, state: State) -> Frame:
        if parent.scope.kind == "class":
            static = any(getattr(d, "id", getattr(d, "attr", "")) == "staticmethod" for d in node.decorator_list)
            positional = [*node.args.posonlyargs, *node.args.args]
            self_name = positional[0].arg if positional and not static else None
            return Frame(self.scopes.of[node], state, parent, node, parent.cls, self_name)
        return Frame(self.scopes.of[node], state, parent, node, parent.cls, parent.self_name)

    def parameter_values(self, node: Any) -> dict[str, Values]:
        values = dict.fromkeys(parameters(node.args), EMPTY)
        values.update(self.defaults.get(node, {}))
        return values

    def run_deferred(self, node: Any, parent: Frame, live: State | None) -> None:
        if live is not None:
            seeded, patched = live.seeded, live.patched
        else:
            seeded, patched = self.module_end.seeded, self.module_end.patched
        seeded |= self.fixture_seeds(node, parent)
        cls = parent.cls if parent.scope.kind == "class" else None
        for deco in (*node.decorator_list, *(cls.decorator_list if cls is not None else ())):
            if type(deco) is ast.Call:
                patched |= self.patch_targets(deco, parent)
        frame = self.function_frame(node, parent, State(self.parameter_values(node), seeded, patched))
        self.run_block(node.body, frame)
        self.end_names[frame.scope] = frame.state.names  # type: ignore[union-attr]

    def fixture_seeds(self, node: Any, parent: Frame) -> frozenset[str]:
        """Families seeded before `node` runs by autouse or requested fixtures and setup functions."""
        requested = set(parameters(node.args))
        cls = parent.cls if parent.scope.kind == "class" else None
        for deco in (*node.decorator_list, *(cls.decorator_list if cls is not None else ())):
            if type(deco) is ast.Call and getattr(deco.func, "attr", "") == "usefixtures":
                requested.update(a.value for a in deco.args if type(a) is ast.Constant and isinstance(a.value, str))
        seeded: frozenset[str] = EMPTY
        owners = [(self.scopes.module.node, SETUP_FUNCTIONS)]
        if cls is not None:
            owners.append((cls, SETUP_METHODS))
        local = set()
        for owner, setups in owners:
            for name, (fixture, autouse) in self.fixtures.get(owner, {}).items():
                local.add(name)
                if fixture is not node and (autouse or name in requested):
                    seeded |= self.seeds_of(fixture)
            for name in setups:
                key = (owner, name) if owner is cls else (self.scopes.module, name)
                for value in self.unions.get(key, EMPTY):
                    if type(value) is Func and value.node is not node:
                        seeded |= self.seeds_of(value.node)
        for name in requested - local:  # a conftest fixture, unless this file overrides it
            seeded |= self.conftest.fixtures.get(name, EMPTY)
        return seeded

    def seeds_of(self, node: Any) -> frozenset[str]:
        """Generator families a function of this module leaves seeded with a constant."""
        if node in self.seed_memo:
            return self.seed_memo[node]
        self.seed_memo[node] = EMPTY  # recursion guard
        parent = self.def_frames.get(node)
        if parent is None or isinstance(node, ast.Lambda):
            return EMPTY
        frame = self.function_frame(node, parent, State(self.parameter_values(node)))
        self.quietly(lambda: self.run_block(node.body, frame))
        seeded = frame.state.seeded if frame.state is not None else EMPTY
        self.seed_memo[node] = seeded
        return seeded

