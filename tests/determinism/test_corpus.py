"""The determinism corpus: every snippet through the hook's dispatch, exact (code, line) findings.

Layout: `corpus/<language>/{bad,good}/<name>.<ext>`. The first line of each snippet is a comment
(`#` for Python, `//` for the other languages) declaring what must be found:
`expect: DET101@3 DET201@7` (code@line, repeated when a line has two findings) or
`expect: none`. A bad snippet must declare at least one finding, a good one none.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from taskgate.hooks.core import registry
from taskgate.hooks.rules.determinism import hook as determinism

CORPUS = Path(__file__).parent / "corpus"
LEADERS = {"python": "#"}  # every other language: //
EXPECT = re.compile(r"^\s*(?:#|//)\s*expect:\s*(?P<body>.*?)\s*$")
ITEM = re.compile(r"^(?P<code>[A-Z]{2,5}\d{3})@(?P<line>\d+)$")
SNIPPETS = sorted(p for p in CORPUS.glob("*/*/*") if p.is_file() and p.parent.name in ("bad", "good"))


def expected(path: Path) -> Counter[tuple[str, int]]:
    language = path.parent.parent.name
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    leader = LEADERS.get(language, "//")
    assert first.lstrip().startswith(leader), f"{path}: first line must be a `{leader} expect: ...` comment"
    match = EXPECT.match(first)
    assert match, f"{path}: first line must declare `expect: CODE@LINE ...` or `expect: none`"
    body = match.group("body")
    if body == "none":
        return Counter()
    out: Counter[tuple[str, int]] = Counter()
    for item in body.split():
        parsed = ITEM.match(item)
        assert parsed, f"{path}: cannot read expectation {item!r}"
        out[(parsed.group("code"), int(parsed.group("line")))] += 1
    return out


@pytest.mark.parametrize("path", SNIPPETS, ids=[str(p.relative_to(CORPUS)) for p in SNIPPETS])
def test_snippet(path: Path) -> None:
    want = expected(path)
    kind = path.parent.name
    assert determinism.language_of(path.name) is not None, f"{path}: no analyser for this suffix"
    assert (kind == "bad") == bool(want), f"{path}: a bad snippet declares findings, a good one `none`"
    hits = determinism.analyse(path.name, path.read_bytes())
    got = Counter((hit.code, hit.line) for hit in hits)
    assert got == want, "\n".join(f"  {h.line}:{h.column} {h.code} {h.message}" for h in hits) or "  (no hits)"
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
