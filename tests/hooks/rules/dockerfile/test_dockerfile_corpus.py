"""The Dockerfile corpus: each file states the exact (code, line) findings it must produce.

`corpus/{bad,good}/<name>.Dockerfile` starts (after any parser directive) with
`# expect: DKR001@3 DKR005@7` or `# expect: none`; `<name>.context/`, when present, is its build
context (requirements files, lockfiles, .dockerignore). Without one the context is empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.hooks.rules.dockerfile.hook import analyse
from taskgate.hooks.rules.dockerfile.reading.context import BuildContext
from taskgate.hooks.workspace.listing import walk_files
from taskgate.hooks.core.registry import rules
from tests.support.corpus import check_case, expected

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*/*.Dockerfile"))
def context_of(path: Path) -> BuildContext:
    directory = path.with_suffix(".context")
    if not directory.is_dir():
        return BuildContext()
    return BuildContext(frozenset(walk_files(directory)), lambda rel: (directory / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_corpus_file(path: Path) -> None:
    results = analyse(path.read_text(encoding="utf-8"), context_of(path))
    check_case(path, [(r.code, r.line) for r in results], "\n".join(f"{r.line}:{r.column} {r.code} {r.message}" for r in results))


def test_corpus_size_and_coverage() -> None:
    bad = [p for p in FILES if p.parent.name == "bad"]
    good = [p for p in FILES if p.parent.name == "good"]
    assert len(bad) >= 30 and len(good) >= 20
    codes = {code for p in bad for code, _ in expected(p)}
    assert codes == {code for code in rules() if code.startswith("DKR")}, "every rule has a violating corpus file"
