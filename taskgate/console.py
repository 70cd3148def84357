"""What the `taskgate` command line tells people on stderr, and colour on a terminal.

Verbosity (global `-q`/`--quiet`, `-v`/`--verbose`): quiet keeps findings, verdicts and errors;
the default adds summaries and per-task progress of long runs; verbose adds detail (where
taskgate looked, timings). Colour: only on a terminal, never when NO_COLOR is set (non-empty,
https://no-color.org), always when FORCE_COLOR is (non-empty, not "0"); never in JSON, because
colour is applied to text output only, by the commands that print it.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2
_level = NORMAL

_STYLES = {"bold": "1", "red": "31", "yellow": "33", "green": "32", "dim": "2"}
# `path:line:col: CODE message (warning)?`, the text format of every finding.
_FINDING = re.compile(r"^(?P<where>[^\n]*?:\d+:\d+:) (?P<code>[A-Z]+[0-9]+) (?P<rest>.*?)(?P<warning> \(warning\))?$")


def configure(*, quiet: bool = False, verbose: int = 0) -> None:
    global _level
    _level = QUIET if quiet else VERBOSE if verbose else NORMAL


def level() -> int:
    return _level


def info(message: str) -> None:
    """A summary or progress line: shown unless --quiet."""
    if _level >= NORMAL:
        print(message, file=sys.stderr, flush=True)


def detail(message: str) -> None:
    """Detail shown only with --verbose."""
    if _level >= VERBOSE:
        print(message, file=sys.stderr, flush=True)


def progress(command: str, index: int, total: int, message: str) -> None:
    """One line per step of a long run, e.g. `taskgate gate: [2/5] tasks/x: started`."""
    info(f"taskgate {command}: [{index}/{total}] {message}")


def colour_enabled(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, stream: TextIO) -> str:
    if not text or not colour_enabled(stream):
        return text
    return f"\033[{_STYLES[style]}m{text}\033[0m"


def findings_text(text: str, stream: TextIO = sys.stdout) -> str:
    """Findings in the text format, coloured for `stream` when it is a terminal: the location
    bold, the code red (an error) or yellow (a warning). Other lines pass unchanged."""
    if not colour_enabled(stream):
        return text
    out = []
    for line in text.split("\n"):
        m = _FINDING.match(line)
        if m is None:
            out.append(line)
            continue
        colour = "yellow" if m["warning"] else "red"
        out.append(f"{paint(m['where'], 'bold', stream)} {paint(m['code'], colour, stream)} {m['rest']}{paint(m['warning'] or '', 'yellow', stream)}")
    return "\n".join(out)


def error(prefix: str, message: str) -> None:
    """`PREFIX: error: MESSAGE` on stderr, `error` in red on a terminal; shown even when quiet."""
    print(f"{prefix}: {paint('error', 'red', sys.stderr)}: {message}", file=sys.stderr, flush=True)
