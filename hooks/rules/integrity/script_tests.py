"""What a JavaScript or TypeScript test file expects to be thrown (node:test, Jest, Vitest), and
which names it takes from the solution's modules.

`assert.throws(fn, X)` / `assert.rejects(fn, X)` (X an error class, a `{ name: 'X' }` object
or a regular expression the message must match) and `expect(...).toThrow(X)` / `.toThrowError(X)` /
`.rejects.toThrow(X)` (X also a message substring or a regular expression). A scan, not a parse: the second argument of `assert.throws` is found by
counting brackets outside strings and template literals; anything it cannot read is skipped.

Names (`imports`): `import { a, b as c } from "../solution/x"`, `const { a, b: c } =
require("../solution/x")`, `require("../solution/x").a`, and `m.a` for a module bound whole
(`import * as m from`, `const m = require(...)`); a specifier counts when it resolves, from the
test file's directory, into solution/ or subject/. Default imports name nothing the solution must
call by name.
"""

from __future__ import annotations

import posixpath
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


_SPEC = r"""(?P<quote>['"])(?P<spec>\.{1,2}/[^'"\n]*)(?P=quote)"""
_NAMED_IMPORT = re.compile(r"\bimport\s+(?:type\s+)?(?:[A-Za-z_$][\w$]*\s*,\s*)?\{([^}]*)\}\s*from\s*" + _SPEC)
_DESTRUCTURED = re.compile(r"\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\(\s*" + _SPEC + r"\s*\)")
_NAMESPACE = re.compile(r"\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*" + _SPEC)
_BOUND = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*" + _SPEC + r"\s*\)\s*(?![.\w$\[])")
_MEMBER_OF_REQUIRE = re.compile(r"\brequire\s*\(\s*" + _SPEC + r"\s*\)\s*\.\s*(?P<member>[A-Za-z_$][\w$]*)")
_ITEM = re.compile(r"^\s*(?:type\s+)?([A-Za-z_$][\w$]*)")
# Members every module object or function has: reading them names nothing of the solution.
_NOT_NAMES = frozenset({"default", "__esModule", "call", "apply", "bind", "length", "name", "prototype", "toString"})


def _provided(rel: str, spec: str) -> bool:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), spec))
    return target.split("/", 1)[0] in ("solution", "subject")


def imports(source: str, rel: str) -> list[Expectation]:
    """The names the test file `rel` (task-relative) takes from the solution's or subject's modules."""
    out: list[Expectation] = []

    def add(name: str, offset: int, how: str) -> None:
        if name not in _NOT_NAMES:
            out.append(Expectation("import", name, *_line_col(source, offset), how))

    for pattern, how in ((_NAMED_IMPORT, "import {{...}} from {spec}"), (_DESTRUCTURED, "const {{...}} = require({spec})")):
        for match in pattern.finditer(source):
            if _provided(rel, match.group("spec")):
                for item in match.group(1).split(","):
                    name = _ITEM.match(item)
                    if name:
                        add(name.group(1), match.start(), how.format(spec=repr(match.group("spec"))))
    for match in _MEMBER_OF_REQUIRE.finditer(source):
        if _provided(rel, match.group("spec")):
            add(match.group("member"), match.start(), f"require({match.group('spec')!r}).{match.group('member')}")
    for pattern in (_NAMESPACE, _BOUND):
        for match in pattern.finditer(source):
            if not _provided(rel, match.group("spec")):
                continue
            alias = match.group(1)
            for use in re.finditer(rf"(?<![\w$.]){re.escape(alias)}\s*\.\s*([A-Za-z_$][\w$]*)", source):
                add(use.group(1), use.start(), f"{alias}.{use.group(1)}")
    return sorted(out, key=lambda e: (e.line, e.column, e.kind, e.value))
