"""The Dockerfile corpus: each file states the exact (code, line) findings it must produce.

`corpus/{bad,good}/<name>.Dockerfile` starts (after any parser directive) with
`# expect: DKR001@3 DKR005@7` or `# expect: none`; `<name>.context/`, when present, is its build
context (requirements files, lockfiles, .dockerignore). Without one the context is empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taskgate.hooks.rules.dockerfile.hook import analyse
from taskgate.hooks.rules.dockerfile.context import BuildContext
from taskgate.hooks.workspace.reading import walk_files

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*/*.Dockerfile"))
EXPECT = re.compile(r"^# expect: (.+)$", re.MULTILINE)


def expected(text: str) -> set[tuple[str, int]]:
    match = EXPECT.search(text)
    assert match, "corpus file without an `# expect:` line"
    spec = match.group(1).strip()
    if spec == "none":
        return set()
    return {(code, int(line)) for code, line in (item.split("@") for item in spec.split())}


def context_of(path: Path) -> BuildContext:
    directory = path.with_suffix(".context")
    if not directory.is_dir():
        return BuildContext()
    return BuildContext(frozenset(walk_files(directory)), lambda rel: (directory / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_corpus_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = expected(text)
    results = analyse(text, context_of(path))
    got = {(r.code, r.line) for r in results}
    assert got == want, "\n".join(f"{r.line}:{r.column} {r.code} {r.message}" for r in results)
    if path.parent.name == "bad":
        assert want, "a bad corpus file must expect at least one finding"
    else:
        assert not want, "a good corpus file must expect no finding"


def test_corpus_size_and_coverage() -> None:
    bad = [p for p in FILES if p.parent.name == "bad"]
    good = [p for p in FILES if p.parent.name == "good"]
    assert len(bad) >= 30 and len(good) >= 20
    codes = {code for p in bad for code, _ in expected(p.read_text(encoding="utf-8"))}
    assert codes == {f"DKR{n:03d}" for n in range(1, 13)}, "every rule has a violating corpus file"
