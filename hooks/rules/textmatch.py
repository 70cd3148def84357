"""Finding a piece of text in a file regardless of layout, and the closest near miss when it is absent.

`Flat(text, code=...)` is `text` with its whitespace normalised and a map from every normalised
character back to the original, so a match is reported at the original `line:col`. Prose mode
turns each run of whitespace into one space; code mode also drops whitespace that separates no
two word characters (`f(a, b)` and `f(a,b)` are the same tokens). `closest` finds the best fuzzy
run of whole tokens of a flat text to a needle (difflib), and `differences`
says in words how two strings differ, token by token. Shared by the prompt rules (PRM002) and
the leftover-template rule (CTR002, `position`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|\S")


class Flat:
    def __init__(self, text: str, *, code: bool = False) -> None:
        self.text = text
        self.code = code
        if code:  # keep one space only where it separates two words
            self.flat = _SPACE.sub("", _WORD_GAP.sub("\0", text)).replace("\0", " ") if "\0" not in text else self._build()[0]
        else:
            self.flat = _SPACE.sub(" ", text).strip()
        self._origin: list[int] | None = None

    @property
    def origin(self) -> list[int]:
        """Offset in the original text of every flat character (built only when a position is asked)."""
        if self._origin is None:
            self._origin = self._build()[1]
        return self._origin

    def _build(self) -> tuple[str, list[int]]:
        text, code = self.text, self.code
        chars: list[str] = []
        origin: list[int] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch.isspace():
                j = i
                while j < n and text[j].isspace():
                    j += 1
                before = chars[-1] if chars else ""
                after = text[j] if j < n else ""
                if chars and j < n and (not code or (_word(before) and _word(after))):
                    chars.append(" ")
                    origin.append(i)
                i = j
                continue
            chars.append(ch)
            origin.append(i)
            i += 1
        return "".join(chars), origin

    def position(self, flat_index: int) -> tuple[int, int]:
        """1-based (line, column) in the original text of the normalised character at `flat_index`."""
        origin = self.origin
        offset = origin[flat_index] if 0 <= flat_index < len(origin) else len(self.text)
        return position(self.text, offset)

    def original(self, start: int, end: int) -> str:
        """The original text behind flat[start:end], with its whitespace runs shown as one space."""
        if start >= end:
            return ""
        return " ".join(self.text[self.origin[start]:self.origin[end - 1] + 1].split())


_SPACE = re.compile(r"\s+")
_WORD_GAP = re.compile(r"(?<=\w)\s+(?=\w)")


def _word(ch: str) -> bool:
    return bool(ch) and _WORD.match(ch) is not None


_WORD = re.compile(r"\w")


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@dataclass(frozen=True)
class Alignment:
    start: int  # in the flat text
    end: int
    ratio: float


def closest(needle: str, flat: str, shortlist: int = 12) -> Alignment | None:
    """The run of whole tokens of `flat` most like `needle` (difflib ratio).

    Each token start is scored cheaply (`quick_ratio` of a needle-long window); the best few are
    then tried with every end within two tokens of the needle's length and scored exactly."""
    if not needle or not flat:
        return None
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(flat)]
    count = len(_TOKEN.findall(needle))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    scored = []
    for index, (start, _) in enumerate(tokens):
        matcher.set_seq1(flat[start:start + len(needle)])
        scored.append((matcher.quick_ratio(), -index))
    best: Alignment | None = None
    for _, neg in sorted(scored, reverse=True)[:shortlist]:
        first = -neg
        for last in range(max(first, first + count - 3), min(len(tokens), first + count + 2)):
            start, end = tokens[first][0], tokens[last][1]
            matcher.set_seq1(flat[start:end])
            ratio = matcher.ratio()
            if best is None or ratio > best.ratio or (ratio == best.ratio and start < best.start):
                best = Alignment(start, end, ratio)
    return best


def differences(expected: str, found: str, limit: int = 3) -> str:
    """How `found` differs from `expected`, token by token: "missing ':' at the end; 'long' instead of 'int'"."""
    want, have = _TOKEN.findall(expected), _TOKEN.findall(found)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, have, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        missing, extra = _join(want[i1:i2]), _join(have[j1:j2])
        if op == "delete":
            where = " at the end" if i2 == len(want) else " at the start" if i1 == 0 else ""
            parts.append(f"missing {missing!r}{where}")
        elif op == "insert":
            parts.append(f"extra {extra!r}")
        else:
            parts.append(f"{extra!r} instead of {missing!r}")
    if not parts:
        return "differs only in layout"
    more = f"; and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        out += (" " if out and _word(out[-1]) and _word(token[0]) else "") + token
    return out
