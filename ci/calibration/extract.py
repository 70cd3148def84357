"""Extracting the candidate from a model's answer: the last fenced code block in the task's language.

Markdown is parsed with markdown-it-py (CommonMark), so fences inside lists, fences of tildes,
longer fences around inner ``` and unclosed fences at the end of a truncated answer all behave as
a Markdown renderer shows them. A block tagged with the task's language (or an alias: `py`,
`js`, `ts`, `golang`, `c++`, `rs`…) wins; an untagged block is used only when no tagged one
exists. A response without such a block has no candidate: it is a failed attempt.
"""

from __future__ import annotations

import functools
from typing import Any

ALIASES: dict[str, frozenset[str]] = {
    "python": frozenset({"python", "py", "python3", "py3"}),
    "javascript": frozenset({"javascript", "js", "node", "nodejs", "mjs", "cjs"}),
    "typescript": frozenset({"typescript", "ts", "mts", "cts"}),
    "java": frozenset({"java"}),
    "go": frozenset({"go", "golang"}),
    "cpp": frozenset({"cpp", "c++", "cxx", "cc", "hpp", "h++"}),
    "rust": frozenset({"rust", "rs"}),
}


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _lang(info: str) -> str:
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.strip("{}.").lower()


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(language tag, content) of every fenced code block, in document order."""
    return [(_lang(tok.info), tok.content) for tok in _parser().parse(text) if tok.type == "fence"]


def extract_code(text: str | None, language: str | None) -> str | None:
    """The code of the last block in `language` (else the last untagged block), or None."""
    if not text:
        return None
    names = ALIASES.get(language or "", frozenset({language})) if language else frozenset()
    blocks = fenced_blocks(text)
    tagged = [code for tag, code in blocks if tag in names]
    untagged = [code for tag, code in blocks if not tag]
    for pool in (tagged, untagged):
        for code in reversed(pool):
            if code.strip():
                return code if code.endswith("\n") else code + "\n"
    return None


def candidate_files(text: str | None, language: str | None, name: str) -> dict[str, bytes] | None:
    """The candidate solution/ calibration writes for an answer: the extracted code as the
    ground truth's single file `name` (store.candidate_name). None when there is no code."""
    code = extract_code(text, language)
    return None if code is None else {name: code.encode("utf-8")}
