"""Every registered rule has a failing case: a test or a corpus file that expects its code.

A code that no test names and no corpus file expects is a rule nobody has seen fire. Tests
name the codes they assert (`assert "LAY001" in out`, `expect: DKR003@4`), so a plain search of
tests/ for each code is the check; the rule's passing cases are the clean corpus files and the
example dataset, which must produce no finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from taskgate.hooks.core import registry

TESTS = Path(__file__).resolve().parents[1]
CODE = re.compile(r"\b[A-Z]{2,5}\d{3}\b")


def test_every_rule_code_has_a_failing_case() -> None:
    named: set[str] = set()
    for path in TESTS.rglob("*"):
        if path.is_file() and path.name != Path(__file__).name and path.suffix not in (".pyc",):
            try:
                named.update(CODE.findall(path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue
    missing = sorted(set(registry.rules()) - named)
    assert not missing, f"rules with no failing case in tests/: {', '.join(missing)}"
