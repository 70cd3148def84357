"""Where a finding is: the physical line and column of the offending word of an instruction.

BuildKit hands over a shell-form RUN as one string with its line continuations and the comment
lines inside them removed; tree-sitter-bash positions are in that string. `Locator` maps them
back to the Dockerfile: the joined string is found in the instruction's physical lines with the
continuations taken out again, character by character. A heredoc body maps line for line. When
nothing maps (exec form, a COPY), the word is searched in the instruction's lines in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Locator:
    lines: list[str]  # the Dockerfile's physical lines
    first: int  # 1-based first line of the instruction
    last: int  # 1-based last line
    escape: str = "\\"
    script: str = ""  # the text the RUN's shell script was parsed from
    heredoc_from: int | None = None  # 1-based physical line of the script's row 0 when it is a heredoc body

    def position(self, token: str, at: tuple[int, int] | None = None) -> tuple[int, int]:
        """(line, column), 1-based, of `token` at or after the command at `at` (row, byte column
        in the parsed script); the instruction's first line and column 1 when nothing is found."""
        if at is not None and self.script:
            found = self._in_script(token, at)
            if found is not None:
                return found
        return self.search(token)

    def search(self, token: str, from_line: int | None = None, from_column: int = 0) -> tuple[int, int]:
        start = from_line or self.first
        if token:
            for number in range(start, min(self.last, len(self.lines)) + 1):
                skip = from_column if number == start else 0
                found = self.lines[number - 1].find(token, skip)
                if found >= 0:
                    return number, found + 1
        return (from_line, from_column + 1) if from_line else (self.first, 1)

    def _in_script(self, token: str, at: tuple[int, int]) -> tuple[int, int] | None:
        row, byte_col = at
        rows = self.script.split("\n")
        if row >= len(rows):
            return None
        col = len(rows[row].encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        if self.heredoc_from is not None:
            line = self.heredoc_from + row
            if line > len(self.lines):
                return None
            return self.search(token, line, col) if token else (line, col + 1)
        if row > 0:  # a heredoc body after the command line: rows follow the instruction's lines
            line = min(self.first + row, self.last)
            return self.search(token, line, 0)
        mapping = self._joined_map()
        if mapping is None:
            return None
        offset = col
        found = rows[0].find(token, offset) if token else -1
        where = found if found >= 0 else offset
        return mapping[where] if where < len(mapping) else None

    def _joined_map(self) -> list[tuple[int, int]] | None:
        """For each character of the joined first script line, its (line, column) in the file."""
        chars: list[str] = []
        places: list[tuple[int, int]] = []
        for number in range(self.first, min(self.last, len(self.lines)) + 1):
            raw = self.lines[number - 1]
            stripped = raw.strip()
            if number > self.first and (not stripped or stripped.startswith("#")):
                continue  # BuildKit drops empty and comment lines inside a continuation
            text = raw.rstrip()
            if number < self.last and text.endswith(self.escape):
                text = text[: -len(self.escape)]
            else:
                text = raw
            for index, ch in enumerate(text):
                chars.append(ch)
                places.append((number, index + 1))
        joined = "".join(chars)
        line0 = self.script.split("\n", 1)[0]
        start = joined.find(line0)
        if start < 0 or not line0:
            return None
        return places[start:start + len(line0)] + [places[min(start + len(line0), len(places)) - 1]]
