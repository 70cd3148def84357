"""Code as a normalised token stream: what survives renaming every identifier and changing literals.

Identifiers become `I`, string literals `S`, numbers `N`; keywords, operators, punctuation and
the language's builtin names (`len`, `sorted`, `ValueError`; `Math`, `std::vector`) stay as they
are, so two programs that differ only in names, literal values, comments and layout have the
same stream.

Every language is lexed by regular expression, never parsed: the same code lexes the same way in
solution/, in a fenced block of the prompt and in its prose. Python is lexed with one regular
expression that follows the tokenize module's token classes (string prefixes, triple quotes,
f-strings as one string, numbers with underscores and exponents): the tokenize module gives the
same stream but costs about 0.3 ms for a 20-line file, which at 10,000 tasks is seconds of a
cold run. JavaScript, TypeScript, Java, Go, C, C++ and Rust are lexed by one lexer parameterised
per language (`c_family_lexer`, `c_family_languages`); walking the leaves of a tree-sitter parse
in Python, as before, cost about 6 times as much.
"""

from __future__ import annotations

import builtins
import keyword
import re

from taskgate.hooks.rules.integrity import c_family_lexer
from taskgate.hooks.rules.integrity.c_family_lexer import Token

# The token streams' version: stored signatures (`signatures.params`) are recomputed when it
# changes, so change it with any change to what a language lexes to.
LEXER = "regex-2"

_KEEP = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(n for n in dir(builtins) if not n.startswith("_"))

# Whitespace, comments and line continuations are skipped inside each match (the loop below sees
# only tokens); `pos` of the match is where that skipped run starts, `start(kind)` the token.
# The skipped run is possessive (`*+`): backtracking into it is exponential in a run of
# whitespace at the end of the source. The end of the source is a match of no group, so that
# a comment at the end is skipped, not searched for tokens.
_PY = re.compile(
    r"""
    (?:[ \t\f\r\n]+|\#[^\r\n]*|\\\r?\n)*+
    (?:
      (?P<string>(?:[rRbBuUfF]{1,2})?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\n])*'|"(?:\\.|[^\\"\n])*"))
    | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?[jJ]?)
    | (?P<name>[^\W\d]\w*)
    | (?P<op>\*\*=?|//=?|->|:=|<<=?|>>=?|\.\.\.|[-+*/%&|^@<>=!]=|[-+*/%&|^~@<>=.,:;()\[\]{}])
    | (?P<other>\S)
    | \Z
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_CLASS = {"string": "S", "number": "N"}


def python_names(source: str) -> list[str]:
    """The normalised token stream of Python source (no positions: the fast path)."""
    out = []
    append = out.append
    for match in _PY.finditer(source):
        kind = match.lastgroup
        if kind == "name":
            text = match.group(kind)
            append(text if text in _KEEP else "I")
        elif kind is not None:
            append(_CLASS.get(kind) or match.group(kind))
    return out


def python_tokens(source: str) -> list[Token]:
    """The normalised tokens of Python source with their 1-based lines."""
    out: list[Token] = []
    line, counted = 1, 0
    for match in _PY.finditer(source):
        kind = match.lastgroup
        if kind is None:
            continue
        start = match.start(kind)
        line += source.count("\n", counted, start)
        counted = start
        text = match.group(kind)
        out.append((_CLASS.get(kind) or (("I" if text not in _KEEP else text) if kind == "name" else text), line))
    return out


# File suffix -> language of `c_family_languages` (TSX is TypeScript: JSX text lexes as code).
_C_FAMILY_BY_SUFFIX = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "typescript",
    ".java": "java", ".go": "go", ".c": "c", ".h": "c",
    ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".rs": "rust",
}
CODE_SUFFIXES = frozenset({".py", *_C_FAMILY_BY_SUFFIX})
_FENCE_LANG = {
    "python": ".py", "py": ".py", "javascript": ".js", "js": ".js", "jsx": ".js", "typescript": ".ts", "ts": ".ts",
    "tsx": ".ts", "java": ".java", "go": ".go", "golang": ".go", "c": ".c", "cpp": ".cpp", "c++": ".cpp",
    "rust": ".rs", "rs": ".rs",
}


def names_for(source: str, suffix: str) -> list[str]:
    """`tokens_for` without the lines."""
    if suffix == ".py":
        return python_names(source)
    return [token for token, _line in tokens_for(source, suffix)]


def tokens_for(source: str, suffix: str) -> list[Token]:
    """The normalised tokens of a file by its suffix (`.py`, `.js`, ...); [] for other files."""
    if suffix == ".py":
        return python_tokens(source)
    language = _C_FAMILY_BY_SUFFIX.get(suffix)
    return c_family_lexer.tokens(source, language) if language else []


_FENCE = re.compile(r"^([ \t]*)(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n(.*?)^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)


def code_blocks(markdown: str) -> list[tuple[str, str, int]]:
    """Fenced code blocks of a Markdown text: (info string, body, 1-based line of the body)."""
    out = []
    for match in _FENCE.finditer(markdown):
        line = markdown.count("\n", 0, match.start(4)) + 1
        out.append((match.group(3).lower(), match.group(4), line))
    return out


# An inline code span: its backticks are blanked out of the prose, so that its code is lexed as
# code in every language (in JavaScript and Go a backtick would start a string literal). Lines
# of an indented code block are left alone: their backticks are code.
_INLINE_CODE = re.compile(r"(?<!`)(`+)([^`\n]+?)\1(?!`)")


def _unquote_inline_code(line: str) -> str:
    if line.startswith(("    ", "\t")) or "`" not in line:
        return line
    return _INLINE_CODE.sub(lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(1)), line)


def _prose(markdown: str) -> str:
    """The text outside the fenced blocks (each block, fences included, blanked out keeping its
    lines) with the backticks of inline code spans replaced by spaces."""
    rest = markdown
    for match in reversed(list(_FENCE.finditer(markdown))):
        rest = rest[:match.start()] + "\n" * match.group(0).count("\n") + rest[match.end():]
    return "\n".join(_unquote_inline_code(line) for line in rest.split("\n"))


def markdown_code_tokens(markdown: str, default_suffix: str) -> list[Token]:
    """The normalised tokens of a Markdown text's code, with lines of the Markdown file: every
    fenced block lexed as the block's language (the task's language when it names none), then
    the rest of the text lexed as the task's language, so that code pasted without a fence
    (indented, or inline) is seen too; prose lexes to runs of `I` that match no code."""
    out: list[Token] = []
    for info, body, first in code_blocks(markdown):
        suffix = _FENCE_LANG.get(info, default_suffix if not info else "")
        if suffix:
            out.extend((token, line + first - 1) for token, line in tokens_for(body, suffix))
    out.extend(tokens_for(_prose(markdown), default_suffix))
    return out


def ngrams(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


LANGUAGE_SUFFIX = {
    "python": ".py", "javascript": ".js", "typescript": ".ts", "java": ".java", "go": ".go", "cpp": ".cpp", "rust": ".rs",
}
