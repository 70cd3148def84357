"""Whether the prompt (with the task's signatures) states something: a name, an exception, a message.

Matching forgives what a careful reader forgives: case, plurals and verb forms ("raises a
ValueError", "raise ValueErrors", "a value error is raised"), an exception named through a
subclass the prompt names (the prompt says KeyError, the test accepts any LookupError), and
backticks or quotes around names. It does not forgive a different word.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from taskgate.hooks.rules.integrity import text

# Words that announce "this fails somehow": enough for a test that accepts any exception.
_FAILURE_STEMS = frozenset(text.stem(w) for w in ("raise", "throw", "error", "exception", "fail", "reject", "invalid"))
# Error: JavaScript's base class; Throwable: Java's; exception: C++'s std::exception.
_ANY_EXCEPTION = frozenset({"Exception", "BaseException", "Error", "Throwable", "exception"})
_META = set(".^$*+?{}[]|()")
_CLASS_ESCAPES = set("dDwWsSbBAZ")


@dataclass
class Vocabulary:
    """The prompt and signatures, prepared for the questions below."""

    raw: str

    @cached_property
    def lower(self) -> str:
        return " ".join(re.sub(r"[`*_\"']", " ", self.raw).lower().split())

    @cached_property
    def stem_sequence(self) -> str:
        return " " + " ".join(text.stems(self.raw)) + " "

    @cached_property
    def stem_set(self) -> frozenset[str]:
        return frozenset(self.stem_sequence.split())

    def names(self, name: str) -> bool:
        """`name` appears as an identifier (exact case), e.g. in backticks or a code block."""
        return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", self.raw) is not None

    def phrase(self, words: str) -> bool:
        """The words of `words` appear in this order, stemmed, anywhere (camelCase split)."""
        stems = text.stems(words)
        return bool(stems) and f" {' '.join(stems)} " in self.stem_sequence

    def literal(self, fragment: str) -> bool:
        plain = " ".join(re.sub(r"[`\"']", " ", fragment).lower().split())
        return (bool(plain) and plain in self.lower) or self.phrase(fragment)


def _builtin_exception(name: str) -> type[BaseException] | None:
    value = getattr(builtins, name, None)
    return value if isinstance(value, type) and issubclass(value, BaseException) else None


def _bases(name: str, defined: dict[str, list[str]], seen: set[str] | None = None) -> set[str]:
    """Every ancestor's name of exception class `name` (builtin or defined in the solution)."""
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    found = _builtin_exception(name)
    if found is not None:
        return {cls.__name__ for cls in found.__mro__}
    out = {name}
    for base in defined.get(name, []):
        out |= _bases(base, defined, seen)
    return out


def exception(name: str, vocab: Vocabulary, classes: Callable[[], dict[str, list[str]]]) -> bool:
    """Whether a test expecting `name` asks for nothing the prompt does not state. `classes`
    gives the classes the task's code defines, with their bases (asked only when needed)."""
    if name in _ANY_EXCEPTION:
        return bool(vocab.stem_set & _FAILURE_STEMS)
    if re.search(rf"(?<![\w]){re.escape(name)}s?(?![\w])", vocab.raw, re.IGNORECASE) or vocab.phrase(name):
        return True
    # A subclass the prompt names satisfies a test that accepts the base class.
    defined = classes()
    candidates = [n for n in dir(builtins) if _builtin_exception(n) is not None] + list(defined)
    return any(other != name and name in _bases(other, defined) and vocab.names(other) for other in candidates)


def literal_fragments(pattern: str) -> list[str]:
    """The literal text runs of a regular expression (`match=`): what a message must contain."""
    out, current, i = [], [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in _CLASS_ESCAPES or nxt.isdigit():
                out.append("".join(current))
                current = []
            else:
                current.append(nxt)
            i += 2
            continue
        if char == "[":
            end = pattern.find("]", i + 2)
            out.append("".join(current))
            current = []
            i = end + 1 if end > 0 else len(pattern)
            continue
        if char in _META:
            if char in "?*{" and current:
                current.pop()  # the previous character is optional or repeated
            out.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    out.append("".join(current))
    return [f.strip() for f in out if text.words(f)]


def message(pattern: str, vocab: Vocabulary, *, regex: bool) -> list[str]:
    """The parts of an expected message the prompt does not state ([] when it states all)."""
    fragments = literal_fragments(pattern) if regex else ([pattern.strip()] if text.words(pattern) else [])
    return [f for f in fragments if not vocab.literal(f)]
