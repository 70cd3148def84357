"""The tamper scan of a candidate's files: one entry point for every language it reads.

`scan_files(files)` dispatches on the file suffix: Python to `python.py` (ast), JavaScript and
TypeScript to `javascript.py` (tree-sitter). `beyond_reference(hits, reference)` drops what the
ground truth does itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskgate.hooks.rules.tamper import rules as R

# Strings naming the runner's reports and outputs (TMP002), or the task's tests (TMP007).
REPORT_TEXT = re.compile(r"^/out(/|$)|junit|<testsuite|<testcase|TAP version|taskgate|--junit-?xml|^\s*(not )?ok \d+\b", re.IGNORECASE)
TESTS_TEXT = re.compile(r"(^|/)(tests?|__tests__)/|(^|/)test_[\w*?]*\.py\b|[\w*?]+_test\.py\b|[\w*?]+\.(test|spec)\.[cm]?[jt]sx?\b|conftest|^/task(/|$)|PYTEST_")
DOMAIN_RULES = (R.REPORT, R.ALWAYS_EQUAL, R.READS_TESTS)
PYTHON_SUFFIXES = (".py", ".pyw")
JS_SUFFIXES = {".js": "javascript", ".cjs": "javascript", ".mjs": "javascript", ".jsx": "javascript",
               ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}


@dataclass(frozen=True)
class Hit:
    code: str
    file: str
    line: int
    column: int
    message: str
    source: str  # the stripped source line

    @property
    def key(self) -> tuple[str, str]:
        """What the ground truth allows when it does it itself: the same call or import (the
        message names it), or, for the rules about strings and comparison methods that follow the
        task's domain (a task about JUnit files, a wildcard matcher), the rule as a whole."""
        return (self.code, "") if self.code in DOMAIN_RULES else (self.code, self.message)


def scan_files(files: dict[str, bytes], *, candidate_is_tests: bool = False) -> list[Hit]:
    from taskgate.hooks.rules.tamper import javascript, python

    hits: list[Hit] = []
    for rel in sorted(files):
        suffix = "." + rel.rsplit(".", 1)[-1] if "." in rel else ""
        if suffix in PYTHON_SUFFIXES:
            hits.extend(python.scan_python(rel, files[rel].decode("utf-8", "replace"), candidate_is_tests=candidate_is_tests))
        elif suffix in JS_SUFFIXES:
            hits.extend(javascript.scan_js(rel, files[rel], JS_SUFFIXES[suffix], candidate_is_tests=candidate_is_tests))
    return hits


def beyond_reference(hits: list[Hit], reference: list[Hit]) -> list[Hit]:
    """The hits the reference (the ground truth) does not have itself (see `Hit.key`)."""
    allowed = {h.key for h in reference}
    return [h for h in hits if h.key not in allowed]
