"""Abstract interpretation of Python for the determinism analyser: statements and names.

Statements run in order with a state per scope (see `determinism_python_values`): the possible
values of each local name, which process-wide generators are seeded with a constant, and which
library functions a test has patched. Branches merge (names: union; seeded/patched: only if on
every path), loops run twice, function bodies run after the module with their parameters bound to
their defaults. A name read from a scope that has finished running takes what that scope left
bound, plus what other scopes bound in it through `global`/`nonlocal`; from a scope still running
(a module calling one of its functions), everything bound so far.
"""

from __future__ import annotations

import ast
from typing import Any

from taskgate.hooks.rules.determinism.python.catalog import exported
from taskgate.hooks.rules.determinism.python.exprs import Expressions
from taskgate.hooks.rules.determinism.python.values import (
    EMPTY,
    STR,
    Frame,
    Func,
    Ref,
    State,
    Values,
    annotation_is_str,
    merge,
)


class Flow(Expressions):
    """Names and statements. The analyser class mixes this with the call judgement."""

    scopes: Any
    unions: dict[tuple[Any, ...], Values]
    read_keys: set[tuple[Any, ...]]
    end_names: dict[Any, dict[str, Values]]
    stale: bool
    deferred: list[tuple[Any, Frame, State | None]]
    defaults: dict[Any, dict[str, Values]]
    def_frames: dict[Any, Frame]
    fixtures: dict[Any, dict[str, tuple[Any, bool]]]
    discarded: set[int]
    assign_target: tuple[Any, str] | None
    quiet: int

    # -- names ---------------------------------------------------------------------------------
    def lookup(self, name: str, frame: Frame) -> Values:
        owner = frame.scope.owner(name)
        if owner is None:
            return frozenset((Ref("builtins." + name),))
        f: Frame | None = frame
        while f is not None and f.scope is not owner:
            f = f.parent
        if f is not None and f.state is not None:
            return f.state.names.get(name, EMPTY)
        finished = self.end_names.get(owner)
        if finished is None:  # the owner has not finished running: whatever it bound so far
            return self.union_read((owner, name))
        # What the owner left bound when it finished, and what other scopes bound in it
        # (`global`, `nonlocal`), e.g. `import time` then `time = FakeClock()` is the fake.
        return finished.get(name, EMPTY) | self.union_read((owner, name, "elsewhere"))

    def union_read(self, key: tuple[Any, ...]) -> Values:
        self.read_keys.add(key)
        return self.unions.get(key, EMPTY)

    def union_add(self, key: tuple[Any, ...], values: Values) -> None:
        old = self.unions.get(key, EMPTY)
        if not values <= old:
            self.unions[key] = old | values
            if key in self.read_keys:
                self.stale = True  # a reader already ran with less: run the module again

    def bind(self, name: str, values: Values, frame: Frame) -> None:
        scope = frame.scope.binder(name)
        self.union_add((scope, name), values)
        if scope is frame.scope and frame.state is not None:
            frame.state.names[name] = values
        else:
            self.union_add((scope, name, "elsewhere"), values)
        if scope.kind == "class":
            self.union_add((scope.node, name), values)  # also reachable as self.name

    def assign(self, target: ast.expr, values: Values, frame: Frame) -> None:
        kind = type(target)
        if kind is ast.Name:
            self.bind(target.id, values, frame)
        elif kind in (ast.Tuple, ast.List):
            for elt in target.elts:
                self.assign(elt.value if type(elt) is ast.Starred else elt, EMPTY, frame)
        elif kind is ast.Attribute:
            base = self.eval(target.value, frame)
            if frame.cls is not None and type(target.value) is ast.Name and target.value.id == frame.self_name:
                self.union_add((frame.cls, target.attr), values)
            for value in base:
                if type(value) is Ref and frame.state is not None:
                    frame.state.patched |= {f"{value.name}.{target.attr}"}
        elif kind is ast.Subscript:
            self.eval(target.value, frame)
            self.eval(target.slice, frame)
        elif kind is ast.Starred:
            self.assign(target.value, values, frame)

    # -- statements ----------------------------------------------------------------------------
    def run_block(self, body: list[ast.stmt], frame: Frame) -> None:
        state = frame.state
        for stmt in body:
            if state is not None and state.dead:
                return
            handler = self._stmt_handlers.get(type(stmt))
            if handler is not None:
                handler(self, stmt, frame)
            else:
                self.visit_children(stmt, frame)

    def branch(self, body: list[ast.stmt], frame: Frame, state: State) -> State:
        saved = frame.state
        frame.state = state
        self.run_block(body, frame)
        result = frame.state
        frame.state = saved
        return result  # type: ignore[return-value]

    def s_function(self, node: Any, frame: Frame) -> None:
        for deco in node.decorator_list:
            self.eval(deco, frame)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        params: dict[str, Values] = {}
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True):
            params[arg.arg] = self.eval(default, frame)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if default is not None:
                params[arg.arg] = self.eval(default, frame)
        for arg in (*positional, *args.kwonlyargs):
            if arg.annotation is not None:
                self.eval(arg.annotation, frame)
                if annotation_is_str(arg.annotation):
                    params[arg.arg] = params.get(arg.arg, EMPTY) | {STR}
        if node.returns is not None:
            self.eval(node.returns, frame)
        self.defaults[node] = params
        self.bind(node.name, frozenset((Func(node),)), frame)
        frozen = frame.frozen()
        self.def_frames[node] = frozen
        if any(self.fixture_flag(deco, frame) is not None for deco in node.decorator_list):
            autouse = any(self.fixture_flag(deco, frame) for deco in node.decorator_list)
            self.fixtures.setdefault(frame.scope.node, {})[node.name] = (node, autouse)
        if not self.quiet:
            live = frame.state if frame.function is not None else None  # nested: the state at the def
            self.deferred.append((node, frozen, live.copy() if live is not None else None))

    def s_class(self, node: ast.ClassDef, frame: Frame) -> None:
        for child in (*node.decorator_list, *node.bases):
            self.eval(child, frame)
        for keyword in node.keywords:
            self.eval(keyword.value, frame)
        outer = frame.state
        state = State(seeded=outer.seeded if outer else EMPTY, patched=outer.patched if outer else EMPTY)
        inner = Frame(self.scopes.of[node], state, frame, None, node)
        self.run_block(node.body, inner)
        if outer is not None:
            outer.seeded = state.seeded
        self.bind(node.name, EMPTY, frame)

    def s_return(self, node: Any, frame: Frame) -> None:
        if node.value is not None:
            self.eval(node.value, frame)
        if frame.state is not None:
            frame.state.dead = True

    def s_raise(self, node: ast.Raise, frame: Frame) -> None:
        self.visit_children(node, frame)
        if frame.state is not None:
            frame.state.dead = True

    def s_assign(self, node: ast.Assign, frame: Frame) -> None:
        targets, value = node.targets, node.value
        if len(targets) == 1 and type(targets[0]) in (ast.Tuple, ast.List) and type(value) in (ast.Tuple, ast.List) \
                and len(targets[0].elts) == len(value.elts) and not any(type(e) is ast.Starred for e in (*targets[0].elts, *value.elts)):
            for target, part in zip(targets[0].elts, value.elts, strict=True):
                self.assign(target, self.eval(part, frame), frame)
            return
        if len(targets) == 1 and type(value) is ast.Call:
            self.assign_target = (value, ast.unparse(targets[0]))
            if type(targets[0]) is ast.Attribute and "hash" in targets[0].attr.lower():
                self.discarded.add(id(value))  # self._hash = hash(...): the cache behind __hash__
        values = self.eval(value, frame)
        for target in targets:
            self.assign(target, values, frame)

    def s_annassign(self, node: ast.AnnAssign, frame: Frame) -> None:
        self.eval(node.annotation, frame)
        if node.value is not None:
            values = self.eval(node.value, frame)
            if annotation_is_str(node.annotation):
                values |= {STR}
            self.assign(node.target, values, frame)
        elif type(node.target) is not ast.Name:
            self.eval(node.target, frame)

    def s_augassign(self, node: ast.AugAssign, frame: Frame) -> None:
        values = self.eval(node.value, frame)
        if type(node.target) is ast.Name:
            old = self.lookup(node.target.id, frame)
            self.bind(node.target.id, old | (values & {STR}), frame)
        else:
            self.assign(node.target, EMPTY, frame)

    def s_delete(self, node: ast.Delete, frame: Frame) -> None:
        for target in node.targets:
            if type(target) is ast.Name:
                if frame.state is not None:
                    frame.state.names.pop(target.id, None)
            else:
                self.assign(target, EMPTY, frame)

    def s_expr(self, node: ast.Expr, frame: Frame) -> None:
        if type(node.value) is ast.Call:
            self.discarded.add(id(node.value))
        self.eval(node.value, frame)

    def s_import(self, node: ast.Import, frame: Frame) -> None:
        for alias in node.names:
            if alias.asname:
                self.bind(alias.asname, frozenset((Ref(alias.name),)), frame)
            else:
                top = alias.name.split(".", 1)[0]
                self.bind(top, frozenset((Ref(top),)), frame)

    def s_importfrom(self, node: ast.ImportFrom, frame: Frame) -> None:
        module = node.module or ""
        for alias in node.names:
            if node.level:
                self.bind(alias.asname or alias.name, EMPTY, frame)
            elif alias.name == "*":
                for name in exported(module):
                    self.bind(name, frozenset((Ref(f"{module}.{name}"),)), frame)
            else:
                self.bind(alias.asname or alias.name, frozenset((Ref(f"{module}.{alias.name}"),)), frame)

    def s_if(self, node: ast.If, frame: Frame) -> None:
        self.eval(node.test, frame)
        state = frame.state
        if state is None:
            return
        then = self.branch(node.body, frame, state.copy())
        other = self.branch(node.orelse, frame, state.copy())
        frame.state = merge(then, other)

    def s_loop(self, node: Any, frame: Frame) -> None:
        if type(node) is ast.While:
            self.eval(node.test, frame)
        else:
            self.eval(node.iter, frame)
        before = frame.state
        if before is None:
            return
        state = before
        for _ in range(2):
            frame.state = state.copy()
            if type(node) is not ast.While:
                self.assign(node.target, EMPTY, frame)
            self.run_block(node.body, frame)
            body = frame.state
            body.dead = False  # break/continue leave the body, not the function (return: conservative)
            state = merge(before, body)
        frame.state = state
        self.run_block(node.orelse, frame)

    def s_with(self, node: Any, frame: Frame) -> None:
        patches: set[str] = set()
        for item in node.items:
            self.eval(item.context_expr, frame)
            if type(item.context_expr) is ast.Call:
                patches |= self.patch_targets(item.context_expr, frame)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, EMPTY, frame)
        state = frame.state
        if state is None or not patches:
            self.run_block(node.body, frame)
            return
        before = state.patched
        state.patched = before | patches
        self.run_block(node.body, frame)
        frame.state.patched = before  # type: ignore[union-attr]

    def s_try(self, node: Any, frame: Frame) -> None:
        start = frame.state
        if start is None:
            return
        body = self.branch(node.body, frame, start.copy())
        entry = merge(start, body)
        ends = [self.branch(node.orelse, frame, body)]
        for handler in node.handlers:
            state = entry.copy()
            state.dead = False
            frame.state = state
            if handler.type is not None:
                self.eval(handler.type, frame)
            if handler.name:
                self.bind(handler.name, EMPTY, frame)
            ends.append(self.branch(handler.body, frame, state))
        out = ends[0]
        for end in ends[1:]:
            out = merge(out, end)
        if node.finalbody:
            dead, out.dead = out.dead, False
            out = self.branch(node.finalbody, frame, out)
            out.dead = out.dead or dead
        frame.state = out

    def s_match(self, node: ast.match_case, frame: Frame) -> None:
        self.eval(node.subject, frame)  # type: ignore[attr-defined]
        start = frame.state
        if start is None:
            return
        out = start
        for case in node.cases:  # type: ignore[attr-defined]
            state = start.copy()
            frame.state = state
            for sub in ast.walk(case.pattern):
                name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                if isinstance(name, str):
                    self.bind(name, EMPTY, frame)
                if isinstance(sub, ast.MatchValue):
                    self.eval(sub.value, frame)
            if case.guard is not None:
                self.eval(case.guard, frame)
            out = merge(out, self.branch(case.body, frame, state))
        frame.state = out

    def s_jump(self, node: ast.stmt, frame: Frame) -> None:
        if frame.state is not None:
            frame.state.dead = True

    def s_skip(self, node: ast.stmt, frame: Frame) -> None:
        return

    _stmt_handlers: dict[type, Any] = {
        ast.FunctionDef: s_function, ast.AsyncFunctionDef: s_function, ast.ClassDef: s_class,
        ast.Return: s_return, ast.Raise: s_raise, ast.Assign: s_assign, ast.AnnAssign: s_annassign,
        ast.AugAssign: s_augassign, ast.Delete: s_delete, ast.Expr: s_expr, ast.Import: s_import,
        ast.ImportFrom: s_importfrom, ast.If: s_if, ast.For: s_loop, ast.AsyncFor: s_loop, ast.While: s_loop,
        ast.With: s_with, ast.AsyncWith: s_with, ast.Try: s_try, ast.Match: s_match,
        ast.Break: s_jump, ast.Continue: s_jump, ast.Global: s_skip, ast.Nonlocal: s_skip, ast.Pass: s_skip,
    }
    if hasattr(ast, "TryStar"):
        _stmt_handlers[ast.TryStar] = s_try
