"""What a JavaScript or TypeScript test file expects to be thrown (node:test, Jest, Vitest).

`assert.throws(fn, X)` / `assert.rejects(fn, X)` (X an error class, a `{ name: 'X' }` object
or a regular expression the message must match) and `expect(...).toThrow(X)` / `.toThrowError(X)` /
`.rejects.toThrow(X)` (X also a message substring or a regular expression). A scan, not a parse: the second argument of `assert.throws` is found by
counting brackets outside strings and template literals; anything it cannot read is skipped.
"""

from __future__ import annotations

import re

from taskgate.hooks.rules.integrity.python_tests import Expectation

_ASSERT = re.compile(r"\bassert\.(throws|rejects)\s*\(")
_TO_THROW = re.compile(r"\.(toThrow|toThrowError)\s*\(\s*")
_CLASS = re.compile(r"(?:[A-Za-z_$][\w$]*\.)*([A-Z][\w$]*)\s*(?=[,)])")
_NAME = re.compile(r"""\{\s*name\s*:\s*(['"])(\w+)\1""")
_STRING = re.compile(r"""(['"])((?:\\.|(?!\1).)*)\1\s*(?=[,)])""")
_REGEX = re.compile(r"/((?:\\.|[^/\\\n])+)/[a-z]*\s*(?=[,)])")


def _second_argument(source: str, start: int) -> int | None:
    """Offset of the second argument of the call whose `(` is just before `start`."""
    depth, i, quote = 0, start, ""
    while i < len(source):
        char = source[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return None
            depth -= 1
        elif char == "," and depth == 0:
            i += 1
            while i < len(source) and source[i].isspace():
                i += 1
            return i
        i += 1
    return None


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _read(source: str, at: int, how: str, call: int, strings: bool) -> list[Expectation]:
    line, column = _line_col(source, call)
    name = _NAME.match(source, at)
    if name:
        return [Expectation("exception", name.group(2), line, column, how)]
    cls = _CLASS.match(source, at)
    if cls:
        return [Expectation("exception", cls.group(1), line, column, how)]
    string = _STRING.match(source, at) if strings else None  # assert.throws(fn, "text"): text is the assertion's own message
    if string and string.group(2).strip():
        return [Expectation("message", string.group(2), line, column, how + " (message)")]
    regex = _REGEX.match(source, at)
    if regex:
        return [Expectation("message", regex.group(1), line, column, how + " (pattern)")]
    return []


def expectations(source: str) -> list[Expectation]:
    out: list[Expectation] = []
    for match in _ASSERT.finditer(source):
        second = _second_argument(source, match.end())
        if second is not None:
            out.extend(_read(source, second, f"assert.{match.group(1)}", match.start(), strings=False))
    for match in _TO_THROW.finditer(source):
        out.extend(_read(source, match.end(), match.group(1), match.start(), strings=True))
    return sorted(out, key=lambda e: (e.line, e.column, e.kind, e.value))
