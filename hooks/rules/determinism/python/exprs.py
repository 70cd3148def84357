"""Expressions for the Python determinism analyser: what each expression may evaluate to.

Evaluation follows Python's order and has the effects the analysis cares about: calls are judged
(`determinism_python_calls`), a walrus binds, lambdas and comprehensions run inline in their own
scope. Long `+` chains are walked without recursion.
"""

from __future__ import annotations

import ast
from typing import Any

from taskgate.hooks.rules.determinism.python.scope import child_nodes, parameters
from taskgate.hooks.rules.determinism.python.values import (
    EMPTY,
    STR,
    Frame,
    Lit,
    Ref,
    State,
    Values,
)


class Expressions:
    """The expression half of the flow; `Flow` adds names and statements, `Calls` judges calls."""

    scopes: Any
    discarded: set[int]

    def eval(self, node: Any, frame: Frame) -> Values:
        handler = self._expr_handlers.get(type(node))
        if handler is not None:
            return handler(self, node, frame)
        self.visit_children(node, frame)
        return EMPTY

    def visit_children(self, node: Any, frame: Frame) -> None:
        for child in child_nodes(node):
            if isinstance(child, ast.expr):
                self.eval(child, frame)
            elif isinstance(child, ast.stmt):
                self.run_block([child], frame)
            elif isinstance(child, (ast.keyword, ast.arguments, ast.withitem)):
                self.visit_children(child, frame)

    def e_name(self, node: ast.Name, frame: Frame) -> Values:
        return self.lookup(node.id, frame) if type(node.ctx) is ast.Load else EMPTY

    def e_attribute(self, node: ast.Attribute, frame: Frame) -> Values:
        return self.attribute(self.eval(node.value, frame), node, frame)

    def attribute(self, base: Values, node: ast.Attribute, frame: Frame) -> Values:
        out = [Ref(f"{v.name}.{node.attr}") for v in base if type(v) is Ref]
        if frame.cls is not None and frame.self_name and type(node.value) is ast.Name and node.value.id == frame.self_name:
            return frozenset(out) | self.union_read((frame.cls, node.attr))
        return frozenset(out)

    def e_constant(self, node: ast.Constant, frame: Frame) -> Values:
        return frozenset((Lit(node), STR)) if isinstance(node.value, (str, bytes)) else EMPTY

    def e_joinedstr(self, node: ast.JoinedStr, frame: Frame) -> Values:
        self.visit_children(node, frame)
        return frozenset((Lit(node), STR))

    def e_sequence(self, node: Any, frame: Frame) -> Values:
        strings = False
        for elt in node.elts:
            strings = STR in self.eval(elt, frame) or strings
        return frozenset((Lit(node), STR)) if strings and type(node) is ast.Tuple else frozenset((Lit(node),))

    def e_binop(self, node: ast.BinOp, frame: Frame) -> Values:
        chain = [node]  # walk the left spine without recursion: "a" + "b" + ... + "z"
        while type(chain[-1].left) is ast.BinOp:
            chain.append(chain[-1].left)
        values = self.eval(chain[-1].left, frame)
        for op in reversed(chain):
            right = self.eval(op.right, frame)
            kind = type(op.op)
            stringy = (kind is ast.Add and (STR in values or STR in right)) or (kind is ast.Mod and STR in values)
            values = frozenset((Lit(op), STR)) if stringy else EMPTY
        return values

    def e_ifexp(self, node: ast.IfExp, frame: Frame) -> Values:
        self.eval(node.test, frame)
        return self.eval(node.body, frame) | self.eval(node.orelse, frame)

    def e_boolop(self, node: ast.BoolOp, frame: Frame) -> Values:
        out = EMPTY
        for value in node.values:
            out |= self.eval(value, frame)
        return out

    def e_namedexpr(self, node: ast.NamedExpr, frame: Frame) -> Values:
        values = self.eval(node.value, frame)
        target = frame
        while target.scope.kind == "comprehension" and target.parent is not None:
            target = target.parent
        self.bind(node.target.id, values, target)
        return values

    def e_compare(self, node: ast.Compare, frame: Frame) -> Values:
        operands = [node.left, *node.comparators]
        if all(type(o) is ast.Call and type(o.func) is ast.Name and o.func.id == "hash" for o in operands):
            self.discarded.update(id(o) for o in operands)  # hash(a) == hash(b): same process, fine
        for operand in operands:
            self.eval(operand, frame)
        return EMPTY

    def e_subscript(self, node: ast.Subscript, frame: Frame) -> Values:
        base = self.eval(node.value, frame)
        key = self.eval(node.slice, frame)
        if Ref("sys.modules") in base:
            return frozenset(Ref(v.node.value) for v in key if type(v) is Lit and type(v.node) is ast.Constant and isinstance(v.node.value, str))
        return frozenset((STR,)) if STR in base else EMPTY

    def e_passthrough(self, node: Any, frame: Frame) -> Values:
        return self.eval(node.value, frame)  # await x, *x, (x) := ...

    def e_lambda(self, node: ast.Lambda, frame: Frame) -> Values:
        args = node.args
        params = dict.fromkeys(parameters(args), EMPTY)
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True):
            params[arg.arg] = self.eval(default, frame)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if default is not None:
                params[arg.arg] = self.eval(default, frame)
        outer = frame.state
        state = State(params, outer.seeded if outer else EMPTY, outer.patched if outer else EMPTY)
        self.eval(node.body, Frame(self.scopes.of[node], state, frame, None, frame.cls, frame.self_name))
        return EMPTY

    def e_comprehension(self, node: Any, frame: Frame) -> Values:
        generators = node.generators
        self.eval(generators[0].iter, frame)
        outer = frame.state
        inner = Frame(self.scopes.of[node], State(seeded=outer.seeded if outer else EMPTY, patched=outer.patched if outer else EMPTY),
                      frame, frame.function, frame.cls, frame.self_name)
        for i, gen in enumerate(generators):
            if i:
                self.eval(gen.iter, inner)
            self.assign(gen.target, EMPTY, inner)
            for cond in gen.ifs:
                self.eval(cond, inner)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.eval(getattr(node, part), inner)
        return EMPTY

    def e_call(self, node: ast.Call, frame: Frame) -> Values:
        return self.call(node, frame)  # type: ignore[attr-defined]

    _expr_handlers: dict[type, Any] = {
        ast.Name: e_name, ast.Attribute: e_attribute, ast.Constant: e_constant, ast.JoinedStr: e_joinedstr,
        ast.Tuple: e_sequence, ast.List: e_sequence, ast.BinOp: e_binop, ast.IfExp: e_ifexp,
        ast.BoolOp: e_boolop, ast.NamedExpr: e_namedexpr, ast.Compare: e_compare, ast.Subscript: e_subscript,
        ast.Await: e_passthrough, ast.Starred: e_passthrough, ast.Lambda: e_lambda, ast.ListComp: e_comprehension,
        ast.SetComp: e_comprehension, ast.DictComp: e_comprehension, ast.GeneratorExp: e_comprehension,
        ast.Call: e_call,
    }
