"""Python scopes for the determinism analyser: which names each module, function, lambda, class
and comprehension binds, and where a name used in a scope is bound (Python's rules: locals,
enclosing functions, globals, builtins; class bodies are not enclosing scopes; `global` and
`nonlocal` redirect; a walrus in a comprehension binds in the enclosing function).

One pass over the tree, iterative (deep expressions do not exhaust the stack). It also notes the
receivers of `.seed(...)`-like calls, so a generator created unseeded and seeded on the next line
(`rng = random.Random(); rng.seed(7)`) is not reported.
"""

from __future__ import annotations

import ast
from typing import Any

from taskgate.hooks.rules.determinism.python.catalog import exported

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
SEEDING_METHODS = frozenset({"seed", "setstate", "set_state", "manual_seed"})
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})  # never hold names or scopes
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of `node` (like ast.iter_child_nodes, without operator singletons)."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
    out: list[ast.AST] = []
    for field in fields:
        value = getattr(node, field, None)
        if type(value) is list:
            out.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            out.append(value)
    return out


class Scope:
    __slots__ = ("node", "kind", "parent", "bound", "globals", "nonlocals", "module", "_cache")

    def __init__(self, node: ast.AST, kind: str, parent: Scope | None) -> None:
        self.node = node
        self.kind = kind  # module | function | class | comprehension
        self.parent = parent
        self.module: Scope = parent.module if parent is not None else self
        self.bound: set[str] = set()
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self._cache: dict[str, Scope | None] = {}

    def __repr__(self) -> str:
        return f"Scope({self.kind}, {getattr(self.node, 'name', '')})"

    def owner(self, name: str) -> Scope | None:
        """The scope whose binding `name` refers to here; None for a builtin (or unbound) name."""
        try:
            return self._cache[name]
        except KeyError:
            found = self._cache[name] = self._owner(name)
            return found

    def _owner(self, name: str) -> Scope | None:
        if name in self.globals:
            return self.module if name in self.module.bound else None
        if name in self.nonlocals:
            scope = self.parent
            while scope is not None and scope.kind != "module":
                if scope.kind == "function" and name in scope.bound:
                    return scope
                scope = scope.parent
            return None
        if name in self.bound:
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind != "class":
                if name in scope.globals:
                    return self.module if name in self.module.bound else None
                if name in scope.bound:
                    return scope
            scope = scope.parent
        return None

    def binder(self, name: str) -> Scope:
        """The scope an assignment to `name` here binds in."""
        if name in self.globals:
            return self.module
        if name in self.nonlocals:
            return self.owner(name) or self
        return self


class Scopes:
    """The scope of every scope-making node of one module."""

    def __init__(self, tree: ast.Module) -> None:
        self.of: dict[ast.AST, Scope] = {}
        self.seeded_receivers: set[str] = set()  # unparsed `x` of every `x.seed(arg)` call
        self.module = self._new(tree, "module", None)
        self._collect(tree)

    def _new(self, node: ast.AST, kind: str, parent: Scope | None) -> Scope:
        scope = self.of[node] = Scope(node, kind, parent)
        return scope

    def _collect(self, tree: ast.Module) -> None:
        stack: list[tuple[Any, Scope]] = [(stmt, self.module) for stmt in tree.body]
        push = stack.append
        while stack:
            node, scope = stack.pop()
            kind = type(node)
            if kind is ast.Name:
                if not isinstance(node.ctx, ast.Load):
                    scope.bound.add(node.id)
            elif kind is ast.Call:
                func = node.func
                if type(func) is ast.Attribute and func.attr in SEEDING_METHODS and (node.args or node.keywords):
                    first = node.args[0] if node.args else node.keywords[0].value
                    if not (type(first) is ast.Constant and first.value is None):
                        self.seeded_receivers.add(ast.unparse(func.value))
                stack.extend([(child, scope) for child in child_nodes(node)])
            elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
                self._function(node, scope, push)
            elif kind is ast.ClassDef:
                scope.bound.add(node.name)
                for child in (*node.decorator_list, *node.bases, *node.keywords):
                    push((child, scope))
                inner = self._new(node, "class", scope)
                for stmt in node.body:
                    push((stmt, inner))
            elif kind in COMPREHENSIONS:
                inner = self._new(node, "comprehension", scope)
                for i, gen in enumerate(node.generators):
                    push((gen.iter, scope if i == 0 else inner))
                    push((gen.target, inner))
                    for cond in gen.ifs:
                        push((cond, inner))
                for part in ("elt", "key", "value"):
                    if hasattr(node, part):
                        push((getattr(node, part), inner))
            elif kind is ast.NamedExpr:
                target = scope
                while target.kind == "comprehension" and target.parent is not None:
                    target = target.parent
                target.bound.add(node.target.id)
                push((node.value, scope))
            elif kind is ast.Import:
                for alias in node.names:
                    scope.bound.add(alias.asname or alias.name.split(".", 1)[0])
            elif kind is ast.ImportFrom:
                for alias in node.names:
                    if alias.name == "*":
                        scope.bound.update(exported(node.module or "") if not node.level else ())
                    else:
                        scope.bound.add(alias.asname or alias.name)
            elif kind is ast.Global:
                scope.globals.update(node.names)
                self.module.bound.update(node.names)
            elif kind is ast.Nonlocal:
                scope.nonlocals.update(node.names)
            else:
                name = getattr(node, "name", None)
                if isinstance(name, str) and kind in (ast.ExceptHandler, ast.MatchAs, ast.MatchStar):
                    scope.bound.add(name)
                rest = getattr(node, "rest", None)
                if kind is ast.MatchMapping and rest:
                    scope.bound.add(rest)
                stack.extend([(child, scope) for child in child_nodes(node)])

    def _function(self, node: Any, scope: Scope, push: Any) -> None:
        args: ast.arguments = node.args
        outer = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        if not isinstance(node, ast.Lambda):
            scope.bound.add(node.name)
            outer += node.decorator_list
            outer += [a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.annotation]
            outer += [a.annotation for a in (args.vararg, args.kwarg) if a is not None and a.annotation]
            if node.returns is not None:
                outer.append(node.returns)
        for child in outer:
            push((child, scope))
        inner = self._new(node, "function", scope)
        inner.bound.update(parameters(args))
        for stmt in node.body if isinstance(node.body, list) else [node.body]:
            push((stmt, inner))


def parameters(args: ast.arguments) -> list[str]:
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names
