"""The call judgement of the Python determinism analyser: is this call (or this callable passed as
a callback) a clock read, an unseeded draw, an entropy read, a network access?

A call is judged by what its callee resolves to (see `determinism_python_flow`), never by its
spelling; the catalog (`determinism_python_catalog`) says when each known callee is a problem.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from taskgate.hooks.rules.determinism.commands import UNKNOWN, network_argv, network_shell
from taskgate.hooks.rules.determinism.python.catalog import (
    CATALOG,
    ENTROPY_LIKE,
    NON_CALLING,
    STR_FUNCTIONS,
    STR_METHODS,
    STR_METHODS_ANY,
    ZERO_ARG_FIRST,
    ZERO_ARG_KEYWORDS,
    Arg,
    Spec,
)
from taskgate.hooks.rules.determinism.python.values import (
    CLOCK,
    EMPTY,
    STR,
    Frame,
    Func,
    Lit,
    Ref,
    State,
    Values,
)

IMPORTERS = frozenset({"builtins.__import__", "importlib.import_module", "importlib.__import__"})
FIXTURES = frozenset({"pytest.fixture", "pytest.yield_fixture"})
FREEZERS = frozenset({"freezegun.freeze_time", "time_machine.travel"})
RANDOMNESS_CODES = frozenset({"DET101", "DET102", "DET201", "DET204", "DET205", "entropy"})
Positional = list[tuple[ast.expr, Values]]
Keywords = dict[str, tuple[ast.expr, Values]]
_PASSED_THROUGH = ast.Name(id="*")
_NO_CTOR_SEED = "creates a generator without a seed, so it is seeded from OS entropy and differs on every run"
def _own_address(node: ast.expr) -> bool:
    """`srv.getsockname()`, `server.server_address`: the address of a socket the test bound itself
    (judged, like a socket without a target, by the module's literals)."""
    if type(node) is ast.Call and type(node.func) is ast.Attribute:
        return node.func.attr == "getsockname"
    return type(node) is ast.Attribute and node.attr in ("server_address", "sockname")


# Sockets and client objects created without a target: the requests they make name it later.
_CLIENTS = frozenset({
    "socket.socket", "requests.Session", "requests.session", "aiohttp.ClientSession", "aiohttp.client.ClientSession",
    "httpx.Client", "httpx.AsyncClient", "urllib.request.build_opener", "urllib.request.OpenerDirector",
    "urllib3.PoolManager", "paramiko.SSHClient",
})
_NO_SEED = "without a seed argument seeds from OS entropy or the time, so every run differs"


def shorten(node: ast.AST, limit: int = 60) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_none(node: ast.expr | None) -> bool:
    return type(node) is ast.Constant and node.value is None  # type: ignore[union-attr]


def literal_str(values: Values) -> str | None:
    for value in values:
        if type(value) is Lit and type(value.node) is ast.Constant and isinstance(value.node.value, str):
            return value.node.value
    return None


class Calls:
    scopes: Any
    hits: dict[tuple[int, int, str], str]
    sink: list[tuple[str, ast.AST, str]]
    quiet: int
    discarded: set[int]
    assign_target: tuple[Any, str] | None
    fixtures: dict[Any, dict[str, tuple[Any, bool]]]

    # -- reporting -----------------------------------------------------------------------------
    def report(self, node: ast.AST, code: str, message: str) -> None:
        if self.quiet:
            self.sink.append((code, node, message))
        else:
            line, column = self.position(node)
            self.hits.setdefault((line, column, code), message)

    def quietly(self, run: Callable[[], Any]) -> tuple[Any, list[tuple[str, ast.AST, str]]]:
        saved, self.sink = self.sink, []
        self.quiet += 1
        try:
            result = run()
        finally:
            self.quiet -= 1
            sink, self.sink = self.sink, saved
        return result, sink

    # -- calls ---------------------------------------------------------------------------------
    def call(self, node: ast.Call, frame: Frame) -> Values:
        func = node.func
        base: Values = EMPTY
        if type(func) is ast.Attribute:
            base = self.eval(func.value, frame)
            callee = self.attribute(base, func, frame)
        else:
            callee = self.eval(func, frame)
        refs = [v.name for v in callee if type(v) is Ref]
        specs = [(q, CATALOG[q]) for q in refs if q in CATALOG]
        inner: list[tuple[str, ast.AST, str]] = []
        if any(spec.kind in ("seed", "ctor") for _, spec in specs):
            (pos, kws), inner = self.quietly(lambda: self.arguments(node, frame))
        else:
            pos, kws = self.arguments(node, frame)
        state = frame.state
        result: Values = EMPTY
        for q in refs:
            if q in IMPORTERS and pos:
                name = literal_str(pos[0][1])
                if name:
                    result |= {Ref(name if q != "builtins.__import__" else name.split(".", 1)[0])}
            elif q == "builtins.getattr" and len(pos) >= 2:
                attr = literal_str(pos[1][1])
                if attr:
                    result |= {Ref(f"{v.name}.{attr}") for v in pos[0][1] if type(v) is Ref}
            elif q in STR_FUNCTIONS:
                result |= {STR}
        if type(func) is ast.Attribute and (func.attr in STR_METHODS_ANY or (func.attr in STR_METHODS and STR in base)):
            result |= {STR}
        if state is not None:
            for value in callee:
                if type(value) is Func:
                    state.seeded |= self.seeds_of(value.node)
        if self.quiet and any(q in ENTROPY_LIKE for q in refs):
            self.sink.append(("entropy", node, ""))
        for q, spec in specs:
            if not self.is_patched(q, spec, state):
                self.judge(node, frame, q, spec, pos, kws, inner)
        if pos or kws:
            self.callbacks(node, frame, refs, pos, kws)
        if "builtins.hash" in refs:
            self.judge_hash(node, frame, pos, kws)
        if state is not None and (type(func) is ast.Attribute and not any(type(v) is Ref for v in base) or "builtins.setattr" in refs):
            state.patched |= self.patch_targets(node, frame)  # monkeypatch.setattr, mocker.patch: now on
        return result

    def arguments(self, node: ast.Call, frame: Frame) -> tuple[Positional, Keywords]:
        pos = [(arg, self.eval(arg, frame)) for arg in node.args]
        kws: Keywords = {}
        for keyword in node.keywords:
            values = self.eval(keyword.value, frame)
            kws[keyword.arg or "**"] = (keyword.value, values)
        return pos, kws

    @staticmethod
    def argument(arg: Arg, pos: Positional, kws: Keywords) -> ast.expr | None:
        if arg.position is not None and arg.position < len(pos) and type(pos[arg.position][0]) is not ast.Starred:
            return pos[arg.position][0]
        if arg.keyword and arg.keyword in kws:
            return kws[arg.keyword][0]
        if "**" in kws or any(type(p) is ast.Starred for p, _ in pos):
            return _PASSED_THROUGH  # may be in *args or **kwargs: assume it is given
        return None

    def callee_text(self, func: ast.expr, q: str) -> str:
        shown = shorten(func)
        return f"`{q}()`" if shown == q else f"`{shown}()` ({q})"

    def judge(self, node: ast.Call, frame: Frame, q: str, spec: Spec, pos: Positional, kws: Keywords,
              inner: list[tuple[str, ast.AST, str]]) -> None:
        kind = spec.kind
        shown = self.callee_text(node.func, q)
        state = frame.state
        if kind == "read":
            if spec.unless_kw and spec.unless_kw in kws:
                return
            if spec.arg is not None:
                arg = self.argument(spec.arg, pos, kws)
                if spec.arg.literals is not None:
                    if not (type(arg) is ast.Constant and isinstance(arg.value, str) and arg.value.strip().lower() in spec.arg.literals):
                        return
                elif arg is not None and not is_none(arg):
                    return
            if pos and q == "socket.socket" and Ref("socket.AF_UNIX") in pos[0][1]:
                return
            if pos and q.startswith("urllib.request.url") and (literal_str(pos[0][1]) or "").startswith(("file:", "data:")):
                return
            if spec.code == "DET301" and self.loopback(q, pos, kws):
                return  # a literal loopback target: the task's own server, no network needed
            self.report(node, spec.code, f"{shown} {spec.why}; {spec.fix}")
        elif kind == "draw":
            if state is None or spec.family not in state.seeded:
                self.report(node, spec.code, f"{shown} {spec.why}; {spec.fix}")
        elif kind in ("seed", "ctor"):
            entropy = [hit for hit in inner if hit[0] in RANDOMNESS_CODES]
            for code, where, message in inner:
                if code not in RANDOMNESS_CODES:
                    self.report(where, code, message)
            arg = self.argument(spec.arg, pos, kws) if spec.arg is not None else None
            if arg is None or is_none(arg):
                if kind == "seed":
                    self.report(node, "DET203", f"{shown} {_NO_SEED}; {spec.fix}")
                elif not (self.assign_target and self.assign_target[0] is node and self.assign_target[1] in self.scopes.seeded_receivers):
                    self.report(node, "DET202", f"{shown} {_NO_CTOR_SEED}; {spec.fix}")
            elif entropy:
                source = shorten(entropy[0][1])
                self.report(node, "DET203", f"{shown} is seeded from `{source}`, which differs on every run; {spec.fix}")
            elif kind == "seed" and state is not None:
                state.seeded |= {spec.family}
        elif kind == "command":
            tool = self.command(spec, pos, kws)
            if tool:
                self.report(node, spec.code, f"{shown} {spec.why.format(tool=f'`{tool}`')}; {spec.fix}")

    def is_patched(self, q: str, spec: Spec, state: State | None) -> bool:
        if state is None or not state.patched:
            return False
        if spec.code == "DET101" and CLOCK in state.patched:
            return True
        for patched in state.patched:
            parts = patched.split(".")
            for start in range(max(len(parts) - 1, 1)):
                suffix = ".".join(parts[start:])
                if q == suffix or q.startswith(suffix + "."):
                    return True
        return False

    # -- callables passed to be called later ---------------------------------------------------
    def callbacks(self, node: ast.Call, frame: Frame, refs: list[str], pos: Positional, kws: Keywords) -> None:
        if any(q in NON_CALLING for q in refs):
            return
        zero_first = any(q in ZERO_ARG_FIRST for q in refs)
        items = [(i == 0 and zero_first, arg, values) for i, (arg, values) in enumerate(pos)]
        items += [(name in ZERO_ARG_KEYWORDS, arg, values) for name, (arg, values) in kws.items()]
        state = frame.state
        for zero_args, arg, values in items:
            if type(arg) not in (ast.Name, ast.Attribute, ast.Call):
                continue
            for value in values:
                spec = CATALOG.get(value.name) if type(value) is Ref else None
                if spec is None or self.is_patched(value.name, spec, state):
                    continue
                code = why = ""
                if spec.kind == "read" and (spec.arg is None or (zero_args and spec.arg.literals is None)):
                    code, why = spec.code, spec.why
                elif spec.kind == "draw" and (state is None or spec.family not in state.seeded):
                    code, why = spec.code, spec.why
                elif spec.kind == "ctor" and zero_args:
                    code, why = "DET202", _NO_CTOR_SEED
                elif spec.kind == "seed" and zero_args:
                    code, why = "DET203", _NO_SEED
                if code:
                    self.report(arg, code, f"`{shorten(arg)}` ({value.name}) is passed to `{shorten(node.func)}` to be called, "
                                           f"and calling it {why}; {spec.fix}")

    # -- hash() --------------------------------------------------------------------------------
    def judge_hash(self, node: ast.Call, frame: Frame, pos: Positional, kws: Keywords) -> None:
        if len(pos) != 1 or kws or STR not in pos[0][1] or id(node) in self.discarded:
            return
        f: Frame | None = frame
        while f is not None and f.function is None:
            f = f.parent
        if f is not None and getattr(f.function, "name", "") == "__hash__":
            return  # feeds the hashing machinery only
        self.report(node, "DET205", f"`{shorten(node)}` hashes a str/bytes value, which Python salts per process "
                                    "(PYTHONHASHSEED), and the result is used beyond a same-process comparison; "
                                    "use a stable digest (hashlib.sha256(data).hexdigest(), zlib.crc32) or compare the values themselves")

    # -- commands ------------------------------------------------------------------------------
    def command(self, spec: Spec, pos: Positional, kws: Keywords) -> str | None:
        if spec.command == "program-args":
            argv = [self.word(values) for _, values in pos[spec.command_at:]]
            return network_argv(argv)
        at = spec.command_at
        target: tuple[ast.expr, Values] | None = pos[at] if at < len(pos) else kws.get(spec.command_kw or "")
        if target is None:
            return None
        node, values = target
        for value in values:
            if type(value) is not Lit:
                continue
            literal = value.node
            if type(literal) in (ast.List, ast.Tuple):
                argv = [self.word(self.literal_values(elt)) for elt in literal.elts]
                found = network_argv(argv)
            else:
                text = self.render(literal)
                found = network_shell(text) if text is not None else None
            if found:
                return found
        if type(node) is ast.Call:  # shlex.split("curl ..."), "curl ...".split()
            func = node.func
            name = func.attr if type(func) is ast.Attribute else getattr(func, "id", "")
            source: ast.expr | None = None
            if name == "split" and type(func) is ast.Attribute and type(func.value) in (ast.Constant, ast.JoinedStr, ast.BinOp):
                source = func.value
            elif name == "split" and node.args:
                source = node.args[0]
            text = self.render(source) if source is not None else None
            return network_shell(text) if text is not None else None
        return None

    @staticmethod
    def literal_values(node: ast.expr) -> Values:
        return frozenset((Lit(node),)) if type(node) in (ast.Constant, ast.JoinedStr, ast.BinOp) else EMPTY

    def word(self, values: Values) -> str | None:
        for value in values:
            if type(value) is Lit:
                text = self.render(value.node)
                if text is not None:
                    return text
        return None

    def render(self, node: ast.AST | None, depth: int = 0) -> str | None:
        """The text of a string expression, unknown parts replaced by UNKNOWN."""
        if type(node) is ast.Constant:
            return node.value if isinstance(node.value, str) else None  # type: ignore[union-attr]
        if type(node) is ast.JoinedStr:
            parts = [self.render(v, depth + 1) if type(v) is ast.Constant else UNKNOWN for v in node.values]  # type: ignore[attr-defined]
            return "".join(p or "" for p in parts)
        if type(node) is ast.BinOp and type(node.op) is ast.Add and depth < 50:  # type: ignore[union-attr]
            left = self.render(node.left, depth + 1) or UNKNOWN  # type: ignore[union-attr]
            right = self.render(node.right, depth + 1) or UNKNOWN  # type: ignore[union-attr]
            return left + right
        return None

    # -- loopback targets (rules/determinism/loopback.py) ------------------------------------------
    def loopback(self, q: str, pos: Positional, kws: Keywords) -> bool:
        """Whether a network call's target is a literal loopback address (or, for a socket or
        client created without one, whether the module's literals name only loopback hosts)."""
        from taskgate.hooks.rules.determinism import loopback

        bind = loopback.is_bind(q)
        values = [*pos, *(kws[k] for k in ("host", "url", "address", "netloc", "uri", "base_url") if k in kws)]
        templates = [self.target(node, found) for node, found in values]
        if loopback.targets_loopback(templates, bind):
            return True
        own_address = any(_own_address(node) for node, _ in values)
        if (q in _CLIENTS or own_address) and not any(loopback.host_of(t) for t in templates if t):
            literals = getattr(self, "_literals", None)
            if literals is None:
                tree = getattr(self, "tree", None)
                literals = self._literals = [n.value for n in ast.walk(tree) if type(n) is ast.Constant and isinstance(n.value, str)] if tree else []
            return loopback.names_only_loopback(literals, bind=True)
        return False

    def target(self, node: ast.expr, values: Values, depth: int = 0) -> str | None:
        """A network target argument as a template: literal text, unknown parts UNKNOWN."""
        from taskgate.hooks.rules.determinism.loopback import fill_placeholders

        if depth > 6:
            return None
        if type(node) in (ast.Tuple, ast.List) and node.elts:  # type: ignore[attr-defined]
            return self.target(node.elts[0], EMPTY, depth + 1)  # type: ignore[attr-defined]
        if type(node) is ast.BinOp and type(node.op) is ast.Mod:  # "http://localhost:%d/" % port
            left = self.target(node.left, EMPTY, depth + 1)
            return fill_placeholders(left) if left is not None else None
        if type(node) is ast.BinOp and type(node.op) is ast.Add:
            return (self.target(node.left, EMPTY, depth + 1) or UNKNOWN) + (self.target(node.right, EMPTY, depth + 1) or UNKNOWN)
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "format":
            base = self.target(node.func.value, EMPTY, depth + 1)
            return fill_placeholders(base) if base is not None else None
        if type(node) is ast.Name:
            constant = self.module_constants().get(node.id)
            if constant is not None:
                return self.target(constant, EMPTY, depth + 1)
        if type(node) is ast.JoinedStr:  # f"http://{HOST}:{port}/": names bound to literals are known
            parts = []
            for value in node.values:
                if type(value) is ast.Constant:
                    parts.append(str(value.value))
                elif type(value) is ast.FormattedValue and value.format_spec is None:
                    parts.append(self.target(value.value, EMPTY, depth + 1) or UNKNOWN)
                else:
                    parts.append(UNKNOWN)
            return "".join(parts)
        rendered = self.render(node)
        if rendered is not None:
            return rendered
        for value in values:  # a name bound to a literal where it is used
            if type(value) is Lit and value.node is not node:
                found = self.target(value.node, EMPTY, depth + 1)
                if found is not None:
                    return found
        return None

    def module_constants(self) -> dict[str, ast.expr]:
        """Names assigned exactly once anywhere in the module (`BASE = "http://..."`), with their value."""
        found = getattr(self, "_constants", None)
        if found is None:
            counts: dict[str, int] = {}
            values: dict[str, ast.expr] = {}
            for node in ast.walk(self.tree) if getattr(self, "tree", None) is not None else ():
                if type(node) in (ast.Assign, ast.AnnAssign, ast.AugAssign):
                    targets = node.targets if type(node) is ast.Assign else [node.target]  # type: ignore[attr-defined]
                    for target in targets:
                        if type(target) is ast.Name:
                            counts[target.id] = counts.get(target.id, 0) + 1
                            if node.value is not None:  # type: ignore[attr-defined]
                                values[target.id] = node.value  # type: ignore[attr-defined]
            found = self._constants = {name: value for name, value in values.items() if counts[name] == 1}
        return found

    # -- test doubles, fixtures, seeding helpers -----------------------------------------------
    def static(self, node: ast.expr, frame: Frame) -> Values:
        """What a dotted name refers to, without judging anything."""
        if type(node) is ast.Name:
            return self.lookup(node.id, frame)
        if type(node) is ast.Attribute:
            return self.attribute(self.static(node.value, frame), node, frame)
        return EMPTY

    def patch_targets(self, node: ast.Call, frame: Frame) -> set[str]:
        """Dotted names a test double replaces: monkeypatch/mock patch, freezegun, time-machine."""
        func = node.func
        last = func.attr if type(func) is ast.Attribute else getattr(func, "id", "")
        names = {v.name for v in self.static(func, frame) if type(v) is Ref}
        if names & FREEZERS or last in ("freeze_time", "travel"):
            return {CLOCK}
        args = node.args
        text = [a.value if type(a) is ast.Constant and isinstance(a.value, str) else None for a in args]
        if last in ("setattr", "object") and len(args) >= 2 and text[1]:
            return {f"{v.name}.{text[1]}" for v in self.static(args[0], frame) if type(v) is Ref}
        if last in ("setattr", "patch") and args and text[0] and "." in text[0]:
            return {text[0]}
        return set()

    def fixture_flag(self, node: ast.expr, frame: Frame) -> bool | None:
        """None unless `node` is a pytest fixture decorator; then whether it is autouse."""
        target = node.func if type(node) is ast.Call else node
        if not any(type(v) is Ref and v.name in FIXTURES for v in self.static(target, frame)):
            return None
        return type(node) is ast.Call and any(
            k.arg == "autouse" and type(k.value) is ast.Constant and k.value.value is True for k in node.keywords)
