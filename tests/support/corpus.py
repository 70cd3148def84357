"""The corpus format shared by every corpus family (determinism snippets, Dockerfiles, …).

A corpus file declares what it must produce in its first `expect:` comment (after any parser
directive), with `#` or `//` as the comment leader:
`# expect: DKR001@3 DKR005@7` (code@line, repeated when a line has two findings) or
`// expect: none`. A file under `bad/` declares at least one finding, one under `good/` none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

EXPECT = re.compile(r"^\s*(?:#|//)\s*expect:\s*(?P<body>.*?)\s*$", re.MULTILINE)
ITEM = re.compile(r"^(?P<code>[A-Z]{2,5}\d{3})@(?P<line>\d+)$")


def expected(path: Path) -> Counter[tuple[str, int]]:
    """The (code, line) findings the file declares, counted."""
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path}: declare `expect: CODE@LINE ...` or `expect: none` in a leading comment"
    body = match.group("body")
    if body == "none":
        return Counter()
    out: Counter[tuple[str, int]] = Counter()
    for item in body.split():
        parsed = ITEM.match(item)
        assert parsed, f"{path}: cannot read expectation {item!r}"
        out[(parsed.group("code"), int(parsed.group("line")))] += 1
    return out


def check_case(path: Path, got: Iterable[tuple[str, int]], shown: str) -> None:
    """Assert a corpus file produced exactly what it declares, and that bad/good agree with it."""
    want = expected(path)
    kind = path.parent.name
    assert kind in ("bad", "good"), f"{path}: corpus files live under bad/ or good/"
    assert (kind == "bad") == bool(want), f"{path}: a bad case declares findings, a good one `none`"
    assert Counter(got) == want, shown or "  (no findings)"
