"""Build-time nondeterminism baked into a layer by RUN (DKR010): the clock and entropy."""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import BUILD_NONDETERMINISM
from taskgate.hooks.rules.dockerfile.reading.shell import Command, Run

# An entropy source as a whole word, an option value (`dd if=/dev/urandom`) or a redirect.
_ENTROPY_WORD = re.compile(r"(?:^|=)(/dev/u?random|/proc/sys/kernel/random/uuid)$")
_RELATIVE_DATE = re.compile(r"now|today|yesterday|tomorrow|ago|next|last|^[+-]", re.IGNORECASE)


def check(run: Run) -> Iterator[Violation]:
    if run.script is None:
        return
    ins = run.instruction
    for name in run.script.random:
        yield Violation(BUILD_NONDETERMINISM, ins, f"{name} differs on every build; use a constant", name)
    for word in run.script.words:
        match = _ENTROPY_WORD.search(word)
        if match:
            path = match.group(1)
            yield Violation(BUILD_NONDETERMINISM, ins, f"{path} is read at build time, so the layer differs on every build; use a constant", path)
    for cmd in run.commands:
        reason = _reason(cmd)
        if reason:
            yield Violation(BUILD_NONDETERMINISM, ins, reason, cmd.argv[0].text, cmd.point)


def _reason(cmd: Command) -> str | None:
    texts = cmd.texts()
    if cmd.name == "date" and not _fixed_date(cmd):
        return "`date` reads the build machine's clock, so the layer differs on every build; use a constant or `date -d @\"$SOURCE_DATE_EPOCH\"`"
    if cmd.name == "uuidgen":
        return "`uuidgen` makes a new id on every build; use a constant"
    if cmd.name == "openssl" and texts[:1] == ["rand"]:
        return "`openssl rand` draws entropy at build time; use a constant"
    if cmd.name == "shuf" and not any(t.startswith("--random-source") for t in texts):
        return "`shuf` shuffles differently on every build; pass `--random-source=<fixed file>` or sort"
    return None


def _fixed_date(cmd: Command) -> bool:
    """`date -d <literal absolute date>` or a date from SOURCE_DATE_EPOCH is deterministic."""
    args = cmd.args
    for i, word in enumerate(args):
        text = word.text
        value = None
        if text in ("-d", "--date") and i + 1 < len(args):
            value, literal = args[i + 1].text, args[i + 1].literal
        elif text.startswith("--date="):
            value, literal = text.split("=", 1)[1], word.literal
        elif text.startswith("-d") and len(text) > 2:
            value, literal = text[2:], word.literal
        if value is not None:
            if "SOURCE_DATE_EPOCH" in value:
                return True
            return literal and not _RELATIVE_DATE.search(value.strip())
    return False
