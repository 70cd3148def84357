"""Code as a normalised token stream: what survives renaming every identifier and changing literals.

Identifiers become `I`, string literals `S`, numbers `N`; keywords, operators, punctuation and
Python's builtin names (`len`, `sorted`, `ValueError`) stay as they are, so two programs that
differ only in names, literal values, comments and layout have the same stream.

Python is lexed with one regular expression that follows the tokenize module's token classes
(string prefixes, triple quotes, f-strings as one string, numbers with underscores and
exponents): the tokenize module gives the same stream but costs about 0.3 ms for a 20-line file,
which at 10,000 tasks is seconds of a cold run. Other languages are lexed by the tree-sitter
grammars the determinism hook already loads (leaves of the syntax tree; comments dropped).
"""

from __future__ import annotations

import builtins
import keyword
import re
from typing import Any

# (normalised token, 1-based line)
Token = tuple[str, int]

_KEEP = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(n for n in dir(builtins) if not n.startswith("_"))

# Whitespace, comments and line continuations are skipped inside each match (the loop below sees
# only tokens); `pos` of the match is where that skipped run starts, `start(kind)` the token.
_PY = re.compile(
    r"""
    (?:[ \t\f\r\n]+|\#[^\r\n]*|\\\r?\n)*
    (?:
      (?P<string>(?:[rRbBuUfF]{1,2})?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\n])*'|"(?:\\.|[^\\"\n])*"))
    | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?[jJ]?)
    | (?P<name>[^\W\d]\w*)
    | (?P<op>\*\*=?|//=?|->|:=|<<=?|>>=?|\.\.\.|[-+*/%&|^@<>=!]=|[-+*/%&|^~@<>=.,:;()\[\]{}])
    | (?P<other>\S)
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


# task.yaml language (or a file suffix) -> tree-sitter grammar name of the determinism hook.
_TS_BY_SUFFIX = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
    ".java": "java", ".go": "go", ".c": "c", ".h": "c",
    ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".rs": "rust",
}
CODE_SUFFIXES = frozenset({".py", *_TS_BY_SUFFIX})
_FENCE_LANG = {
    "python": ".py", "py": ".py", "javascript": ".js", "js": ".js", "typescript": ".ts", "ts": ".ts",
    "java": ".java", "go": ".go", "c": ".c", "cpp": ".cpp", "c++": ".cpp", "rust": ".rs", "rs": ".rs",
}


def _is_identifier(kind: str) -> bool:
    return kind.endswith("identifier") or kind in ("this", "self", "field_identifier")


def _literal(kind: str) -> str | None:
    if "comment" in kind:
        return ""
    if "string" in kind or kind in ("char_literal", "character_literal", "rune_literal", "raw_string_literal", "template_string"):
        return "S"
    if "number" in kind or kind in ("integer_literal", "float_literal", "decimal_integer_literal", "decimal_floating_point_literal", "int_literal", "imaginary_literal", "hex_integer_literal"):
        return "N"
    return None


def treesitter_tokens(source: bytes, grammar: str) -> list[Token]:
    from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for

    try:
        tree = parser_for(grammar).parse(source)
    except Exception:  # noqa: BLE001 - a grammar that cannot load leaves the file unlexed
        return []
    out: list[Token] = []
    stack: list[Any] = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        literal = _literal(kind)
        if literal is not None:
            if literal:
                out.append((literal, node.start_point[0] + 1))
            continue
        if node.child_count == 0:
            if _is_identifier(kind):
                out.append(("I", node.start_point[0] + 1))
            elif kind != "ERROR" and node.end_byte > node.start_byte:
                out.append((source[node.start_byte:node.end_byte].decode("utf-8", "replace"), node.start_point[0] + 1))
            continue
        stack.extend(reversed(node.children))
    return out


def names_for(source: str, suffix: str) -> list[str]:
    """`tokens_for` without the lines."""
    if suffix == ".py":
        return python_names(source)
    return [token for token, _line in tokens_for(source, suffix)]


def tokens_for(source: str, suffix: str) -> list[Token]:
    """The normalised tokens of a file by its suffix (`.py`, `.js`, ...); [] for other files."""
    if suffix == ".py":
        return python_tokens(source)
    grammar = _TS_BY_SUFFIX.get(suffix)
    return treesitter_tokens(source.encode("utf-8", "surrogateescape"), grammar) if grammar else []


_FENCE = re.compile(r"^([ \t]*)(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n(.*?)^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)


def code_blocks(markdown: str) -> list[tuple[str, str, int]]:
    """Fenced code blocks of a Markdown text: (info string, body, 1-based line of the body)."""
    out = []
    for match in _FENCE.finditer(markdown):
        line = markdown.count("\n", 0, match.start(4)) + 1
        out.append((match.group(3).lower(), match.group(4), line))
    return out


def markdown_code_tokens(markdown: str, default_suffix: str) -> list[Token]:
    """The normalised tokens of a Markdown text's code, with lines of the Markdown file: every
    fenced block lexed as the block's language (the task's language when it names none), then
    the rest of the text lexed as the task's language, so that code pasted without a fence
    (indented, or inline) is seen too; prose lexes to runs of `I` that match no code."""
    out: list[Token] = []
    rest = markdown
    for match in reversed(list(_FENCE.finditer(markdown))):  # blank the blocks out, keeping the lines
        rest = rest[:match.start(4)] + "\n" * match.group(4).count("\n") + rest[match.end(4):]
    for info, body, first in code_blocks(markdown):
        suffix = _FENCE_LANG.get(info, default_suffix if not info else "")
        if suffix:
            out.extend((token, line + first - 1) for token, line in tokens_for(body, suffix))
    out.extend(tokens_for(rest, default_suffix))
    return out


def ngrams(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


LANGUAGE_SUFFIX = {
    "python": ".py", "javascript": ".js", "typescript": ".ts", "java": ".java", "go": ".go", "cpp": ".cpp", "rust": ".rs",
}
