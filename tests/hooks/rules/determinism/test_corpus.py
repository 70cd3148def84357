"""The determinism corpus: every snippet through the hook's dispatch, exact (code, line) findings.

Layout: `corpus/<language>/{bad,good}/<name>.<ext>`; each snippet declares what must be found in
its first `expect:` comment (the format is tests/support/corpus.py's).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.hooks.core import registry
from taskgate.hooks.rules.determinism import hook as determinism
from tests.support.corpus import check_case

CORPUS = Path(__file__).parent / "corpus"
SNIPPETS = sorted(p for p in CORPUS.glob("*/*/*") if p.is_file() and p.parent.name in ("bad", "good"))


@pytest.mark.parametrize("path", SNIPPETS, ids=[str(p.relative_to(CORPUS)) for p in SNIPPETS])
def test_snippet(path: Path) -> None:
    assert determinism.language_of(path.name) is not None, f"{path}: no analyser for this suffix"
    hits = determinism.analyse(path.name, path.read_bytes())
    check_case(path, [(hit.code, hit.line) for hit in hits], "\n".join(f"  {h.line}:{h.column} {h.code} {h.message}" for h in hits))
    rules = registry.rules()
    for hit in hits:
        assert hit.code in rules and rules[hit.code].hook == "determinism"
        assert hit.line >= 1 and hit.column >= 1 and hit.message


def test_corpus_is_large_enough() -> None:
    python = [p for p in SNIPPETS if p.parent.parent.name == "python"]
    assert sum(p.parent.name == "bad" for p in python) >= 30
    assert sum(p.parent.name == "good" for p in python) >= 20
    assert sum(p.parent.name == "bad" for p in SNIPPETS) >= 40
    assert sum(p.parent.name == "good" for p in SNIPPETS) >= 25
