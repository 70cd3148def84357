"""Mutants of a Python ground truth, made with the standard library's `ast`.

Operators (one mutant per site, in source order):
- comparison: `<`/`<=`, `>`/`>=`, `==`/`!=`, `is`/`is not`, `in`/`not in` swapped;
- boolean: `and`/`or` swapped, `not x` -> `x`, `True`/`False` swapped;
- constant: an integer literal n -> n + 1 (off by one);
- arithmetic: `+`/`-`, `*`/`/`, `//` -> `/`, `%` -> `/`, `**` -> `*`, `<<`/`>>`, `&`/`|`, `^` -> `&`
  (also in augmented assignments);
- return: `return <value>` -> `return None`;
- statement: an expression statement, assignment, `raise`, `del`, `break` or `continue` -> `pass`.

Not mutated: docstrings, type annotations, decorators, bare constant statements, and the body of
`if __name__ == "__main__":`. A mutant whose source equals another's (or the original) is dropped.
The mutated module is written with `ast.unparse`, so comments and formatting are not kept;
positions in reports are those of the original file.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from taskgate.hooks.core import pyparse

CMP_SWAP: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}
ARITH_SWAP: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div, ast.Pow: ast.Mult, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
    ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd, ast.BitXor: ast.BitAnd,
}
DELETABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Delete, ast.Break, ast.Continue)
SKIPPED_FIELDS = frozenset({"annotation", "returns", "decorator_list", "type_comment", "type_params"})


@dataclass(frozen=True)
class Mutant:
    file: str  # relative to solution/
    line: int
    column: int  # 1-based
    operator: str
    before: str
    after: str
    source: str  # the whole mutated module

    @property
    def description(self) -> str:
        return f"{self.operator}: `{self.before}` -> `{self.after}`"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "operator": self.operator, "before": self.before, "after": self.after}


@dataclass
class _Site:
    operator: str
    node: ast.AST
    apply: Callable[[], tuple[str, str]]  # mutates the tree, returns (before, after)


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _is_docstring(stmt: ast.stmt, index: int, parent: ast.AST) -> bool:
    return (
        index == 0 and isinstance(parent, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)
    )


def _is_main_guard(node: ast.AST) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    return any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts) and any(isinstance(p, ast.Constant) and p.value == "__main__" for p in parts)


def _children(node: ast.AST) -> Iterator[tuple[str, int | None, ast.AST]]:
    for name, value in ast.iter_fields(node):
        if name in SKIPPED_FIELDS:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield name, i, item
        elif isinstance(value, ast.AST):
            yield name, None, value


def _sites(tree: ast.AST) -> list[_Site]:
    out: list[_Site] = []

    def replace(parent: ast.AST, field: str, index: int | None, new: ast.AST) -> None:
        if index is None:
            setattr(parent, field, new)
        else:
            getattr(parent, field)[index] = new

    def visit(node: ast.AST, parent: ast.AST | None, field: str, index: int | None) -> None:
        if _is_main_guard(node):
            return
        for site in _node_sites(node, parent, field, index, replace):
            out.append(site)
        for child_field, child_index, child in _children(node):
            if isinstance(child, ast.stmt) and child_index is not None and _is_docstring(child, child_index, node):
                continue
            visit(child, node, child_field, child_index)

    visit(tree, None, "", None)
    return out


def _node_sites(node: ast.AST, parent: ast.AST | None, field: str, index: int | None, replace: Callable[..., None]) -> Iterator[_Site]:
    if isinstance(node, ast.Compare):
        for j, op in enumerate(node.ops):
            if type(op) in CMP_SWAP:
                def flip(node: ast.Compare = node, j: int = j) -> tuple[str, str]:
                    before = _short(node)
                    node.ops[j] = CMP_SWAP[type(node.ops[j])]()
                    return before, _short(node)
                yield _Site("comparison", node, flip)
    elif isinstance(node, ast.BoolOp):
        def swap_bool(node: ast.BoolOp = node) -> tuple[str, str]:
            before = _short(node)
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            return before, _short(node)
        yield _Site("boolean", node, swap_bool)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and parent is not None:
        def drop_not(node: ast.UnaryOp = node) -> tuple[str, str]:
            replace(parent, field, index, node.operand)
            return _short(node), _short(node.operand)
        yield _Site("boolean", node, drop_not)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        def flip_bool(node: ast.Constant = node) -> tuple[str, str]:
            node.value = not node.value
            return str(not node.value), str(node.value)
        yield _Site("boolean", node, flip_bool)
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        def plus_one(node: ast.Constant = node) -> tuple[str, str]:
            node.value += 1
            return str(node.value - 1), str(node.value)
        yield _Site("constant", node, plus_one)
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in ARITH_SWAP:
        def swap_op(node: ast.BinOp | ast.AugAssign = node) -> tuple[str, str]:
            before = _short(node)
            node.op = ARITH_SWAP[type(node.op)]()
            return before, _short(node)
        yield _Site("arithmetic", node, swap_op)
    if isinstance(node, ast.Return) and node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        def return_none(node: ast.Return = node) -> tuple[str, str]:
            before = _short(node)
            node.value = ast.Constant(None)
            return before, "return None"
        yield _Site("return", node, return_none)
    if isinstance(node, DELETABLE) and index is not None and parent is not None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return
        def delete(node: ast.stmt = node) -> tuple[str, str]:
            replace(parent, field, index, ast.copy_location(ast.Pass(), node))
            return _short(node), "pass"
        yield _Site("statement", node, delete)


def mutants_of(rel: str, source: str) -> list[Mutant]:
    """Every mutant of one module; [] when it does not parse (the GT run reports that)."""
    try:
        original = ast.unparse(pyparse.parse(source))
        count = len(_sites(pyparse.parse(source)))
    except (SyntaxError, ValueError, RecursionError):
        return []
    seen = {original}
    out: list[Mutant] = []
    for k in range(count):
        tree = pyparse.parse(source)
        site = _sites(tree)[k]
        line, column = getattr(site.node, "lineno", 1), getattr(site.node, "col_offset", 0) + 1
        before, after = site.apply()
        mutated = ast.unparse(ast.fix_missing_locations(tree))
        if mutated in seen:
            continue
        seen.add(mutated)
        out.append(Mutant(rel, line, column, site.operator, before, after, mutated + "\n"))
    return out


def mutants(files: dict[str, bytes], limit: int, language: str | None = "python") -> tuple[list[Mutant], int]:
    """Mutants of every .py file of a Python task (of a task in another language: of every file
    in a tree-sitter language, see `syntax_mutants`), sorted by (file, line, column, operator); at most `limit`, taken
    evenly across the list when there are more. Returns (chosen, total)."""
    every: list[Mutant] = []
    if language not in (None, "python"):
        from taskgate.ci.gate.syntax_mutants import every_mutant

        every.extend(every_mutant(files, language))
    for rel in sorted(files) if language in (None, "python") else ():
        if rel.endswith(".py"):
            try:
                text = files[rel].decode("utf-8")
            except UnicodeDecodeError:
                continue
            every.extend(mutants_of(rel, text))
    every.sort(key=lambda m: (m.file, m.line, m.column, m.operator, m.before, m.after))
    total = len(every)
    if total <= limit:
        return every, total
    step = total / limit
    return [every[int(i * step)] for i in range(limit)], total
