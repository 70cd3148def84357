"""What Java, Go, Rust and C++ test files expect of a failure: the error type and the message.

- Java (JUnit 4/5, AssertJ): `assertThrows(X.class, ...)`, `assertThrowsExactly`, `@Test(expected =
  X.class)`, `assertThatThrownBy(...).isInstanceOf(X.class)`, `assertThatExceptionOfType(X.class)`;
  messages: `assertEquals("text", e.getMessage())`, `.hasMessage("text")`,
  `.hasMessageContaining("text")`, `.hasMessageMatching("regex")`.
- Go (testing, testify): `errors.Is(err, ErrX)`, `assert.ErrorIs(t, err, ErrX)`; messages:
  `err.Error() == "text"` (either side, `!=` too), `strings.Contains(err.Error(), "text")`,
  `assert.EqualError(t, err, "text")`, `assert.ErrorContains(t, err, "text")`.
- Rust: `#[should_panic(expected = "text")]`; an error variant a test matches
  (`Err(ParseError::Empty)` inside `assert_eq!`/`assert!(matches!(...))`);
  `err.to_string() == "text"` in `assert_eq!`.
- C++ (GoogleTest, Catch2): `EXPECT_THROW(stmt, X)`, `ASSERT_THROW`, `REQUIRE_THROWS_AS(expr, X)`,
  `CHECK_THROWS_AS`; messages: `REQUIRE_THROWS_WITH(expr, "text")`, `CHECK_THROWS_WITH`, and
  `e.what()` compared with a string (`EXPECT_STREQ`, `EXPECT_EQ`).

A scan over the text with comments blanked out by the language's tree-sitter grammar (the one the
determinism hook loads; parsed only when a pattern matched), not a full analysis: a pattern split
by a macro or built at run time is not seen. `hierarchy` knows the standard exception classes of
Java and C++ and the classes the task's own Java/C++ code derives, so that a test expecting a base
class (`RuntimeException`, `std::logic_error`) is satisfied by a subclass the prompt names.
"""

from __future__ import annotations

import re
from typing import Any

from taskgate.hooks.rules.integrity.python_tests import Expectation

SUFFIXES = {".java": "java", ".go": "go", ".rs": "rust", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp"}

_STR = r'"((?:\\.|[^"\\\n])*)"'
_CLS = r"(?:[A-Za-z_][\w]*\.)*([A-Z][\w]*)\.class"
# (pattern, kind, how, literal message?) per grammar; group 1 is the value.
_PATTERNS: dict[str, list[tuple[re.Pattern[str], str, str]]] = {
    "java": [
        (re.compile(rf"\bassertThrows(?:Exactly)?\s*\(\s*{_CLS}"), "exception", "assertThrows"),
        (re.compile(rf"@Test\s*\(\s*expected\s*=\s*{_CLS}"), "exception", "@Test(expected=...)"),
        (re.compile(rf"\bassertThatThrownBy\b[^;]*?\.isInstanceOf\s*\(\s*{_CLS}"), "exception", "assertThatThrownBy(...).isInstanceOf"),
        (re.compile(rf"\bassertThatExceptionOfType\s*\(\s*{_CLS}"), "exception", "assertThatExceptionOfType"),
        (re.compile(rf"\.hasMessage(?:Containing|StartingWith|EndingWith)?\s*\(\s*{_STR}"), "message", "hasMessage (message)"),
        (re.compile(rf"\.hasMessageMatching\s*\(\s*{_STR}"), "message", "hasMessageMatching (pattern)"),
        (re.compile(rf"\bassert(?:Equals|That)\s*\(\s*{_STR}\s*,\s*\w+\.getMessage\(\)"), "message", "assertEquals with getMessage() (message)"),
        (re.compile(rf"\bassertEquals\s*\(\s*\w+\.getMessage\(\)\s*,\s*{_STR}"), "message", "assertEquals with getMessage() (message)"),
        (re.compile(rf"\bassertThat\s*\(\s*\w+\.getMessage\(\)\s*\)\s*\.(?:isEqualTo|contains|startsWith)\s*\(\s*{_STR}"), "message",
         "assertThat(getMessage()) (message)"),
    ],
    "go": [
        (re.compile(r"\berrors\.Is\s*\(\s*\w+\s*,\s*(?:\w+\.)?(Err\w*)\s*\)"), "exception", "errors.Is"),
        (re.compile(r"\b(?:assert|require)\.ErrorIs\s*\(\s*\w+\s*,\s*\w+\s*,\s*(?:\w+\.)?(Err\w*)\s*[,)]"), "exception", "ErrorIs"),
        (re.compile(rf"\.Error\(\)\s*[!=]=\s*{_STR}"), "message", "a comparison with err.Error() (message)"),
        (re.compile(rf"{_STR}\s*[!=]=\s*\w+\.Error\(\)"), "message", "a comparison with err.Error() (message)"),
        (re.compile(rf"\bstrings\.(?:Contains|HasPrefix|HasSuffix)\s*\(\s*\w+\.Error\(\)\s*,\s*{_STR}"), "message", "strings.Contains(err.Error(), ...) (message)"),
        (re.compile(rf"\b(?:assert|require)\.(?:EqualError|ErrorContains)\s*\(\s*\w+\s*,\s*[^,()]+,\s*{_STR}"), "message", "EqualError (message)"),
    ],
    "rust": [
        (re.compile(rf"#\[\s*should_panic\s*\(\s*expected\s*=\s*{_STR}"), "message", "#[should_panic(expected = ...)] (message)"),
        (re.compile(r"\bErr\s*\(\s*(?:[A-Za-z_]\w*::)+([A-Z]\w*)"), "exception", "an Err(...) variant"),
        (re.compile(rf"\.to_string\(\)\s*,\s*{_STR}"), "message", "assert_eq! with to_string() (message)"),
        (re.compile(rf"{_STR}\s*,\s*\w+\.to_string\(\)"), "message", "assert_eq! with to_string() (message)"),
    ],
    "cpp": [
        (re.compile(r"\b(?:EXPECT|ASSERT)_THROW\s*\((?:[^;]*?),\s*(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)\s*\)\s*;"), "exception", "EXPECT_THROW"),
        (re.compile(r"\b(?:REQUIRE|CHECK)_THROWS_AS\s*\((?:[^;]*?),\s*(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)\s*\)\s*;"), "exception", "REQUIRE_THROWS_AS"),
        (re.compile(rf"\b(?:REQUIRE|CHECK)_THROWS_WITH\s*\((?:[^;]*?),\s*(?:[\w:]+\s*\(\s*)?{_STR}"), "message", "REQUIRE_THROWS_WITH (message)"),
        (re.compile(rf"\bEXPECT_STREQ\s*\(\s*\w+\.what\(\)\s*,\s*{_STR}"), "message", "EXPECT_STREQ with what() (message)"),
        (re.compile(rf"\b(?:EXPECT|ASSERT)_(?:EQ|STREQ)\s*\(\s*{_STR}\s*,\s*(?:std::string\s*\(\s*)?\w+\.what\(\)"), "message",
         "EXPECT_EQ with what() (message)"),
        (re.compile(rf"\b(?:EXPECT|ASSERT)_EQ\s*\(\s*(?:std::string\s*\(\s*)?\w+\.what\(\)\s*\)?\s*,\s*{_STR}"), "message",
         "EXPECT_EQ with what() (message)"),
    ],
}

# The standard exception hierarchies a test's base class may stand for (class -> its bases).
_JAVA = {
    "Exception": ["Throwable"], "RuntimeException": ["Exception"], "Error": ["Throwable"],
    "IllegalArgumentException": ["RuntimeException"], "NumberFormatException": ["IllegalArgumentException"],
    "IllegalStateException": ["RuntimeException"], "NullPointerException": ["RuntimeException"],
    "IndexOutOfBoundsException": ["RuntimeException"], "ArrayIndexOutOfBoundsException": ["IndexOutOfBoundsException"],
    "StringIndexOutOfBoundsException": ["IndexOutOfBoundsException"], "ArithmeticException": ["RuntimeException"],
    "UnsupportedOperationException": ["RuntimeException"], "NoSuchElementException": ["RuntimeException"],
    "InputMismatchException": ["NoSuchElementException"], "ConcurrentModificationException": ["RuntimeException"],
    "ClassCastException": ["RuntimeException"], "DateTimeException": ["RuntimeException"],
    "DateTimeParseException": ["DateTimeException"], "UncheckedIOException": ["RuntimeException"],
    "IOException": ["Exception"], "FileNotFoundException": ["IOException"], "TimeoutException": ["Exception"],
}
_CPP = {
    "logic_error": ["exception"], "runtime_error": ["exception"], "bad_alloc": ["exception"],
    "invalid_argument": ["logic_error"], "domain_error": ["logic_error"], "length_error": ["logic_error"],
    "out_of_range": ["logic_error"], "range_error": ["runtime_error"], "overflow_error": ["runtime_error"],
    "underflow_error": ["runtime_error"], "system_error": ["runtime_error"],
}
_DERIVED = {
    "java": re.compile(r"\bclass\s+([A-Z]\w*)(?:<[^>{]*>)?\s+extends\s+(?:[\w.]+\.)?([A-Z]\w*)"),
    "cpp": re.compile(r"\b(?:class|struct)\s+(\w+)\s*(?:final\s*)?:\s*(?:public\s+|virtual\s+)*(?:[A-Za-z_]\w*::)*(\w+)"),
}


_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t"}


def grammar(rel: str) -> str | None:
    dot = rel.rfind(".")
    return SUFFIXES.get(rel[dot:]) if dot >= 0 else None


def _without_comments(source: str, language: str) -> str:
    """`source` with its comments blanked (newlines kept, so lines do not move)."""
    from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for

    data = bytearray(source.encode("utf-8", "surrogateescape"))
    try:
        tree = parser_for(language).parse(bytes(data))
    except Exception:  # noqa: BLE001 - a grammar that cannot load: scan the text as it is
        return source
    stack: list[Any] = [tree.root_node]
    while stack:
        node = stack.pop()
        if "comment" in node.type:
            for i in range(node.start_byte, node.end_byte):
                if data[i] != 0x0A:
                    data[i] = 0x20
            continue
        stack.extend(node.children)
    return data.decode("utf-8", "surrogateescape")


def _line_col(source: str, offset: int) -> tuple[int, int]:
    return source.count("\n", 0, offset) + 1, offset - (source.rfind("\n", 0, offset) + 1) + 1


def expectations(source: str, language: str) -> list[Expectation]:
    patterns = _PATTERNS.get(language, [])
    if not any(pattern.search(source) for pattern, _kind, _how in patterns):
        return []
    source = _without_comments(source, language)
    out = []
    for pattern, kind, how in patterns:
        for match in pattern.finditer(source):
            value = match.group(1)
            if kind == "message":
                value = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)
            if value.strip():
                out.append(Expectation(kind, value, *_line_col(source, match.start(1)), how))
    return sorted(set(out), key=lambda e: (e.line, e.column, e.kind, e.value))


def hierarchy(language: str, sources: list[str]) -> dict[str, list[str]]:
    """Exception classes and their bases: the standard ones of `language` and those `sources`
    (the task's solution and subject code) derive."""
    out = {name: list(bases) for name, bases in {"java": _JAVA, "cpp": _CPP}.get(language, {}).items()}
    derived = _DERIVED.get(language)
    for source in sources if derived is not None else []:
        for match in derived.finditer(source):
            out.setdefault(match.group(1), []).append(match.group(2))
    return out
