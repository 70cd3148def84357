"""Every module path written as a string in taskgate's source imports.

The registry loads rule families by name (`FAMILIES`), the determinism hook its analysers by
suffix, the tree-sitter analyser its grammars, the CLI its subcommands: a move or rename that
forgets one of these strings would otherwise surface as a language or family silently unchecked.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOTTED = re.compile(r"^taskgate\.(hooks|ci|commands)(\.[a-z_][a-z0-9_]*)+$")


def _strings() -> list[tuple[str, str]]:
    out = []
    for folder in ("hooks", "ci", "taskgate"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
                    out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return out


STRINGS = _strings()


def test_module_strings_are_found() -> None:
    assert len(STRINGS) >= 20  # FAMILIES, the analysers, the subcommands at least


@pytest.mark.parametrize(("where", "dotted"), STRINGS, ids=[f"{w}:{d}" for w, d in STRINGS])
def test_module_string_imports(where: str, dotted: str) -> None:
    try:
        importlib.import_module(dotted)
    except ModuleNotFoundError:
        # `package.module.attribute` (a mock target, an entry point) names an attribute
        parent, _, attribute = dotted.rpartition(".")
        assert hasattr(importlib.import_module(parent), attribute), f"{where}: {dotted} does not exist"


def test_every_grammar_and_analyser_loads() -> None:
    from taskgate.hooks.rules.determinism.treesitter.analyser import GRAMMARS

    for language, (grammar, function, analyser) in GRAMMARS.items():
        assert callable(getattr(importlib.import_module(grammar), function)), language
        importlib.import_module(analyser)
