"""Normalised token streams of JavaScript, TypeScript, Java, Go, C, C++ and Rust by regular expression.

One lexer, parameterised by a `c_family_languages.Language`: whitespace, `//` line comments and
`/* */` block comments (nested in Rust) are skipped; string, character, template, text-block and
raw-string literals become `S` (a JavaScript template literal is one `S`, substitutions
included, as is a regular expression literal); numbers (hex, octal, binary, separators,
exponents, hex floats, suffixes such as `ULL`, `u8`, `n`, `i`) become `N`; names become `I`
unless the language keeps them (keywords, primitive types, `true`/`null`, its most used library
names), and a name right after a member operator (`.`, `?.`) on its line is always `I`
(`node.type`, `promise.catch`), except Rust's `.await` and the few keywords that follow a dot
(`Outer.this`, `x.template`); operators are taken longest first (C++'s `>>` closing two
templates is one `>>` wherever it occurs); any other character is a token of its own. A Rust
lifetime is `'I` (`'static` and `'_` stay); a C or C++ preprocessor directive is `#include`,
`#define`, ... whatever spacing it has, and the header of `#include <stdio.h>` is a string, as
in `#include "stdio.h"`.

The lexer looks back one token, no further: for a name after a member operator, and for
JavaScript's `/`, which after an operator, an opening bracket or a keyword such as `return`
starts a regular expression literal, and after a name, literal or closing bracket divides. So the same code lexes the same way wherever it appears: in a file,
a fenced block of the prompt or its prose. An unterminated literal or block comment is not one:
its opening character is a token and lexing goes on after it, so a stray quote or `/*` in prose
costs one token, not the rest of the text (a raw string that never closes: its prefix is a name).
Block comments and raw strings are matched by search from the last place they can close, so
openings that never close cost no scan each; a `/` that starts no regular expression literal is
looked past for at most 512 characters.

On the benchmark dataset's JavaScript, TypeScript and Go tasks (prompt and ground truth) it is
about 6 times faster than walking the leaves of a tree-sitter parse in Python, as before
(`docs/integrity.md`, Performance).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

from taskgate.hooks.rules.integrity.c_family_languages import BY_NAME, Language

# (normalised token, 1-based line)
Token = tuple[str, int]

# Member operators (C's `->` is not one here: in Rust, Java and C++'s trailing return types it is
# an arrow before a type, whose kept names must stay).
_MEMBER = frozenset({".", "?."})
# Keywords that may follow a member operator and still be keywords.
_MEMBER_KEYWORDS = frozenset({"await", "class", "new", "super", "template", "this"})
# Keywords after which a JavaScript `/` starts a regular expression, not a division.
_REGEX_AFTER_WORDS = frozenset({"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"})
_DIVISION_AFTER = frozenset({"I", "S", "N", ")", "]", "}"})
_JS_REGEX = re.compile(r"/(?![*/])(?:\\[^\n]|\[(?:\\[^\n]|[^\]\\\n])*\]|[^/\\\[\n])+/[A-Za-z]*")
# A regular expression literal is looked for this far at most (a `/` that starts none costs no
# more than this, however long the line).
_REGEX_MAX = 512
# Preprocessor directives (`#x` in a macro body is the operator `#` and a parameter).
_DIRECTIVES = "include|include_next|define|undef|ifdef|ifndef|if|elifdef|elifndef|elif|else|endif|error|warning|pragma|line|embed|import"
_MARKER = re.compile(r"/\*|\*/")
_CLASS = {"string": "S", "number": "N"}
_KEPT_LIFETIMES = frozenset({"'static", "'_"})


class _Lexer(NamedTuple):
    pattern: re.Pattern[str]
    keep: frozenset[str]
    regex_literals: bool
    nested_comments: bool
    raw_close: str


def _comment_ends(source: str, nested: bool) -> Callable[[int], int | None]:
    """Where the block comment opened at a position ends (after its `*/`), None when it never
    does. Linear in the text however many comments are unterminated: a comment that opens
    after the last `*/` is known to be unterminated without a search, and Rust's nested
    comments are matched once, for the whole text, by the running depth of all `/*` and `*/`
    (the text a comment spans is the comment, whatever it holds)."""
    last = source.rfind("*/")
    if not nested:
        return lambda start: None if start + 2 > last else source.find("*/", start + 2) + 2
    ends: dict[int, int | None] = {}
    markers = [(m.start(), 1 if m.group() == "/*" else -1) for m in _MARKER.finditer(source)]
    depth_before = list(itertools.accumulate((delta for _pos, delta in markers), initial=0))
    first_at_depth: dict[int, int] = {}  # depth after a marker -> the leftmost marker after the one at hand
    for index in range(len(markers) - 1, -1, -1):
        position, delta = markers[index]
        if delta > 0:
            close = first_at_depth.get(depth_before[index])
            ends[position] = None if close is None else markers[close][0] + 2
        first_at_depth[depth_before[index] + delta] = index
    return lambda start: ends.get(start)


def _number(language: Language) -> str:
    sep = re.escape(language.digit_separator)
    digits = rf"[0-9](?:{sep}?[0-9])*"
    hexdigits = rf"[0-9a-fA-F](?:{sep}?[0-9a-fA-F])*"
    hexa = rf"0[xX]{sep}?(?:{hexdigits})?"
    if language.hex_floats:
        hexa += rf"(?:\.(?:{hexdigits})?)?(?:[pP][+-]?{digits})?"
    fraction = rf"\.{digits}|\.(?![.\w$])" if language.methods_on_numbers else rf"\.(?:{digits})?"
    decimal = rf"{digits}(?:{fraction})?"
    if language.leading_dot_numbers:
        decimal = rf"(?:{decimal}|\.{digits})"
    # Whatever word characters follow are the literal's suffix: 10UL, 1.5f, 7u8, 10n, 2i, 3_km.
    return rf"(?:{hexa}|0[bBoO]{sep}?{hexdigits}|{decimal}(?:[eE][+-]?{digits})?)\w*"


@functools.cache
def _lexer(name: str) -> _Lexer:
    language = BY_NAME[name]
    # Possessive: the skipped run is never given back (backtracking into it is exponential in a
    # run of whitespace at the end of the text). The end of the text is a match of no group, so
    # that a comment at the end is skipped, not searched for tokens.
    skip = r"(?:\s+|//[^\n]*)*+"
    operators = "|".join(re.escape(op) for op in sorted(language.operators, key=lambda op: (-len(op), op)))
    if name in ("javascript", "typescript"):
        operators = operators.replace(r"\?\.", r"\?\.(?![0-9])")  # `a?.5:1` is a conditional
    alternatives = [rf"(?P<number>{_number(language)})"]
    if language.raw_strings:
        alternatives.append(rf"(?P<raw>{language.raw_strings[0]})")
    alternatives.append(rf"(?P<string>{'|'.join(language.literals)})")
    if language.lifetimes:
        alternatives.append(r"(?P<lifetime>'(?:r\#)?[^\W\d]\w*)")
    if language.directives:
        alternatives.append(rf"(?P<directive>\#[ \t]*(?:{_DIRECTIVES})\b(?:[ \t]*<[^>\n]*>)?)")
    alternatives += [rf"(?P<name>{language.identifier})", r"(?P<comment>/\*)", rf"(?P<op>{operators})", r"(?P<other>\S)", r"\Z"]
    pattern = re.compile(rf"{skip}(?:{'|'.join(alternatives)})", re.DOTALL)
    raw_close = language.raw_strings[1] if language.raw_strings else ""
    return _Lexer(pattern, language.keep, language.regex_literals, language.nested_comments, raw_close)


def _regex_may_follow(out: list[Token]) -> bool:
    if not out:
        return True
    previous = out[-1][0]
    if previous in _DIVISION_AFTER:
        return False
    return not (previous[0].isalpha() or previous[0] in "_$") or previous in _REGEX_AFTER_WORDS


def tokens(source: str, name: str) -> list[Token]:
    """The normalised tokens of `source` in language `name` (a key of `c_family_languages.BY_NAME`)."""
    pattern, keep, regex_literals, nested, raw_close = _lexer(name)
    comment_end: Callable[[int], int | None] | None = None
    last_close: dict[str, int] = {}  # a raw string's closing -> where it occurs last
    out: list[Token] = []
    append = out.append
    line, counted, position = 1, 0, 0
    member, member_line = False, 0
    while position is not None:
        resume = None
        for match in pattern.finditer(source, position):
            kind = match.lastgroup
            if kind is None:
                continue
            start = match.start(kind)
            line += source.count("\n", counted, start)
            counted = start
            text = match.group(kind)
            if kind == "name":
                member = member and line == member_line  # `words.` ending a sentence, code below
                append(("I" if text not in keep or (member and text not in _MEMBER_KEYWORDS) else text, line))
            elif kind in _CLASS:
                append((_CLASS[kind], line))
            elif kind == "lifetime":
                append((text if text in _KEPT_LIFETIMES else "'I", line))
            elif kind == "raw":
                close = raw_close % match.group("delimiter")
                if close not in last_close:
                    last_close[close] = source.rfind(close)
                body = match.end(kind)
                if body <= last_close[close]:
                    append(("S", line))
                    resume = source.find(close, body) + len(close)
                else:  # never closed: not a raw string; its prefix (`R`, `br`) is a name
                    append(("I", line))
                    resume = start + len(text.split('"', 1)[0].split("#", 1)[0])
                break
            elif kind == "comment":
                comment_end = comment_end or _comment_ends(source, nested)
                resume = comment_end(start)
                if resume is not None:
                    break
                append(("/", line))  # unterminated: not a comment
                append(("*", line))
            elif kind == "directive":  # `#include <a.h>` is `#include S`, as `#include "a.h"` is
                word, bracket, _ = text[1:].partition("<")
                append(("#" + word.strip(), line))
                if bracket:
                    append(("S", line))
            else:
                if regex_literals and text[0] == "/" and text in ("/", "/=") and _regex_may_follow(out):
                    literal = _JS_REGEX.match(source, start, start + _REGEX_MAX)
                    if literal:
                        append(("S", line))
                        member, resume = False, literal.end()
                        break
                append((text, line))
                member, member_line = text in _MEMBER, line
                continue
            member = False
        position = resume
    return out
