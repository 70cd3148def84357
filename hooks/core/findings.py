"""The one record every check produces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at `path:line:col`. Lines and columns are 1-based.

    `path` is a POSIX path relative to the repository root; the output layer makes it relative
    to wherever the user stands. Field order is the sort order of every report.
    """

    path: str
    line: int
    column: int
    code: str
    message: str

    def at(self, line: int, column: int = 1) -> Finding:
        return Finding(self.path, max(line, 1), max(column, 1), self.code, self.message)


def finding(code: str, path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(path=path, line=max(int(line), 1), column=max(int(column), 1), code=code, message=message)
