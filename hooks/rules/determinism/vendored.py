"""Vendored code: third-party files inside a task that the determinism analysers skip.

Task authors cannot edit a copied test framework or library, and its internals (Catch2's
`--rng-seed time`, a reporter's timer) are not the task's nondeterminism. Two ways a file counts
as vendored, both configured under `vendored:` in taskgate.yaml:

- `paths`: globs relative to the task directory (default `**/vendor`, `**/third_party`,
  `**/node_modules`; a directory covers everything under it);
- `test_frameworks` (default true): a stock single-file test framework recognised by its
  content, its banner *and* its include guard (or another marker of the stock file), whatever
  the file is called (Catch2, doctest, googletest, Unity, greatest, utest.h, acutest; QUnit,
  Jasmine and Mocha browser bundles; and the single-header libraries tests commonly vendor,
  cpp-httplib and nlohmann/json) (a renamed
  `catch.hpp` is still Catch2; a task's own file named `catch.hpp` is analysed like any other).

Skipped files are never silent: the hook reports them in one DET900 note per task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from taskgate.hooks.rules.dockerfile.reading.context import glob_regex

DEFAULT_PATHS = ("**/vendor", "**/third_party", "**/node_modules")
_HEAD = 64 * 1024  # banners and include guards sit at the top of a single header


@dataclass(frozen=True)
class _Framework:
    name: str
    banner: re.Pattern[bytes]  # the stock banner (licence / generated-file header)
    guard: re.Pattern[bytes]  # the framework's own include guard or defining macro
    version: re.Pattern[bytes] | None = None


FRAMEWORKS: tuple[_Framework, ...] = (
    _Framework("Catch2", re.compile(rb"Catch v[12]\.\d+\.\d+"), re.compile(rb"TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED|TWOBLUECUBES_CATCH_HPP_INCLUDED"), re.compile(rb"Catch v(\d+\.\d+\.\d+)")),
    _Framework("Catch2", re.compile(rb"Catch v3\.\d+\.\d+"), re.compile(rb"CATCH_AMALGAMATED_HPP_INCLUDED|This file is an amalgamation of multiple different files"), re.compile(rb"Catch v(\d+\.\d+\.\d+)")),
    _Framework("doctest", re.compile(rb"doctest\.h - the lightest feature-rich C\+\+ single-header testing framework"), re.compile(rb"DOCTEST_LIBRARY_INCLUDED"), re.compile(rb"DOCTEST_VERSION_STR\s+\"([\d.]+)\"")),
    _Framework("googletest", re.compile(rb"Copyright 20\d\d,? Google Inc\."), re.compile(rb"GTEST_INCLUDE_GTEST_|GOOGLETEST_INCLUDE_GTEST_|GTEST_SRC_|#include \"gtest/|Google C\+\+ Testing and Mocking Framework")),
    _Framework("Unity", re.compile(rb"Unity Project - A Test Framework for C"), re.compile(rb"UNITY_FRAMEWORK_H|UNITY_INTERNALS_H|#include \"unity")),
    _Framework("greatest", re.compile(rb"greatest\.h|Scott Vokes"), re.compile(rb"GREATEST_H")),
    _Framework("utest.h", re.compile(rb"https://github\.com/sheredom/utest\.h"), re.compile(rb"SHEREDOM_UTEST_H_INCLUDED")),
    _Framework("acutest", re.compile(rb"Acutest -- Another C/C\+\+ Unit Test facility"), re.compile(rb"#define ACUTEST_H")),
    _Framework("QUnit", re.compile(rb"\* QUnit \d+\.\d+\.\d+"), re.compile(rb"https://qunitjs\.com"), re.compile(rb"QUnit (\d+\.\d+\.\d+)")),
    _Framework("Jasmine", re.compile(rb"Copyright \(c\) 20\d\d-20\d\d Pivotal Labs|Copyright \(c\) 20\d\d-20\d\d The Jasmine developers"), re.compile(rb"jasmineRequire")),
    _Framework("Mocha", re.compile(rb"^// mocha@(\d+\.\d+\.\d+)"), re.compile(rb"Mocha"), re.compile(rb"mocha@(\d+\.\d+\.\d+)")),
    # Single-header libraries tests vendor to talk to the task's own server or read its output.
    _Framework("cpp-httplib", re.compile(rb"httplib\.h[\s\S]{0,200}Copyright \(c\) 20\d\d Yuji Hirose"), re.compile(rb"CPPHTTPLIB_HTTPLIB_H"), re.compile(rb"CPPHTTPLIB_VERSION \"([\d.]+)\"")),
    _Framework("nlohmann/json", re.compile(rb"JSON for Modern C\+\+"), re.compile(rb"INCLUDE_NLOHMANN_JSON_HPP_|NLOHMANN_JSON_VERSION_MAJOR")),
)

# The frameworks are C/C++ and browser JavaScript; other files are not looked at.
_FRAMEWORK_SUFFIXES = (".h", ".hh", ".hpp", ".hxx", ".h++", ".inl", ".ipp", ".c", ".cc", ".cpp", ".cxx", ".c++", ".js", ".mjs", ".cjs")
_CHEAP = re.compile(rb"Catch v|doctest|Google|Unity|greatest|utest|Acutest|QUnit|Jasmine|Pivotal|mocha@|Yuji Hirose|JSON for Modern")


def framework_of(source: bytes) -> str | None:
    """`Catch2 2.13.10`, `doctest`, ... when `source` is a stock single-header test framework."""
    head = source[:_HEAD]
    if _CHEAP.search(head, 0, 16384) is None:
        return None
    for framework in FRAMEWORKS:
        if framework.banner.search(head[:16384]) and framework.guard.search(head):
            found = framework.version.search(head) if framework.version else None
            return framework.name + (f" {found.group(1).decode()}" if found else "")
    return None


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((p, re.compile(glob_regex(p.strip("/")))) for p in patterns if p.strip("/"))


@dataclass(frozen=True)
class Settings:
    paths: tuple[str, ...] = DEFAULT_PATHS
    test_frameworks: bool = True

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> Settings:
        paths = section.get("paths", DEFAULT_PATHS)
        return cls(tuple(str(p) for p in paths), bool(section.get("test_frameworks", True)))

    def path_match(self, rel: str) -> str | None:
        """The configured glob that makes `rel` (task-relative) vendored, if any."""
        for pattern, regex in _compiled(self.paths):
            if regex.fullmatch(rel):
                return pattern
        return None

    def reason(self, rel: str, source: bytes | None) -> str | None:
        """Why `rel` is vendored ("stock Catch2 2.13.10 test framework"), or None."""
        pattern = self.path_match(rel)
        if pattern is not None:
            return f"matches vendored path `{pattern}`"
        if self.test_frameworks and source is not None and rel.lower().endswith(_FRAMEWORK_SUFFIXES):
            name = framework_of(source)
            if name is not None:
                return f"stock {name} test framework"
        return None


def summary(skipped: Sequence[tuple[str, str]], limit: int = 8) -> str:
    """The DET900 note's text for (path, reason) pairs."""
    shown = "; ".join(f"{path} ({why})" for path, why in skipped[:limit])
    more = f"; and {len(skipped) - limit} more" if len(skipped) > limit else ""
    return (f"{len(skipped)} vendored file(s) not analysed for determinism: {shown}{more}; "
            "they are third-party code (configure `vendored:` in taskgate.yaml to change what counts)")
