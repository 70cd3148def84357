"""The AST mutation operators (no Docker)."""

from __future__ import annotations

import ast

from taskgate.ci.gate.python_mutants import mutants, mutants_of

SOURCE = '''"""Module doc."""
import sys


def f(xs: list[int], limit: int = 3) -> bool:
    """Function doc."""
    total = 0
    for x in xs:
        if x < limit and not x == 0:
            total += x * 2
    return total >= 10


if __name__ == "__main__":
    print(f([1]))
'''


def descriptions(source: str) -> set[str]:
    return {m.description for m in mutants_of("m.py", source)}


def test_every_operator_family_is_applied():
    got = descriptions(SOURCE)
    expected = {
        "comparison: `x < limit` -> `x <= limit`",
        "comparison: `x == 0` -> `x != 0`",
        "comparison: `total >= 10` -> `total > 10`",
        "boolean: `x < limit and (not x == 0)` -> `x < limit or not x == 0`",
        "boolean: `not x == 0` -> `x == 0`",
        "constant: `0` -> `1`",
        "constant: `10` -> `11`",
        "constant: `3` -> `4`",
        "arithmetic: `x * 2` -> `x / 2`",
        "arithmetic: `total += x * 2` -> `total -= x * 2`",
        "return: `return total >= 10` -> `return None`",
        "statement: `total = 0` -> `pass`",
        "statement: `total += x * 2` -> `pass`",
    }
    assert expected <= got, expected - got


def test_docstrings_annotations_and_main_guard_are_left_alone():
    befores = [m.before for m in mutants_of("m.py", SOURCE)]
    assert not any("doc" in b.lower() for b in befores)
    assert not any("print" in b or "__main__" in b for b in befores)
    assert not any("list[int]" in b or "bool" in b for b in befores)
    assert all(m.line < 14 for m in mutants_of("m.py", SOURCE))


def test_each_mutant_is_valid_python_differing_from_the_original_in_one_place():
    original = ast.unparse(ast.parse(SOURCE))
    found = mutants_of("m.py", SOURCE)
    assert len({m.source for m in found}) == len(found)
    for m in found:
        ast.parse(m.source)
        assert m.source.strip() != original.strip()
        assert 1 <= m.line <= SOURCE.count("\n")


def test_positions_are_those_of_the_original_file():
    by_desc = {m.description: m for m in mutants_of("m.py", SOURCE)}
    m = by_desc["comparison: `total >= 10` -> `total > 10`"]
    assert (m.line, m.column) == (11, 12)


def test_unparsable_file_gives_no_mutants_and_sampling_is_even_and_deterministic():
    assert mutants_of("bad.py", "def (:\n") == []
    files = {"a.py": "\n".join(f"X{i} = {i}" for i in range(50)).encode()}
    chosen, total = mutants(files, 10)
    assert total == 100 and len(chosen) == 10  # a constant and a statement mutant per line
    assert chosen == mutants(files, 10)[0]
    assert len({m.line for m in chosen}) == 10
