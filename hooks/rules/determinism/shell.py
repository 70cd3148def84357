"""Determinism analysis of shell scripts (`.sh`, `.bash`, and bash/sh shebang scripts).

A task's `tests/run-tests.sh` is part of the reward: what it downloads, and every clock or random
value it uses, changes the reward between runs. The commands a script runs are read with the
Dockerfile hook's reader (`rules.dockerfile.shell`: tree-sitter-bash, quotes removed, variables
substituted, wrappers such as `sudo`/`timeout` unwrapped, `sh -c '...'` and heredocs fed to a
shell read too); the network judgement is the one every language uses (`rules.determinism.commands`).

- DET302: a network tool or a package install/fetch (`apt-get`, `pip install`, `uv add`,
  `npm install`, `cargo add`, `./gradlew`, `curl ... | sh`, `git clone`); loopback URLs are fine.
- DET101: `date` without a fixed `-d`/`-r`/`-f` time; `$SECONDS`, `$EPOCHSECONDS`, `$EPOCHREALTIME`.
- DET201: `$RANDOM` (unless `RANDOM=<constant>` seeds it first), `shuf` and `sort -R` without
  `--random-source`.
- DET204: `$SRANDOM`, `/dev/urandom`, `uuidgen`, `openssl rand`, and a `mktemp` name that reaches
  the output (printed by echo/printf, or `mktemp` run for its output alone).
"""

from __future__ import annotations

import re
from typing import Any

from taskgate.hooks.rules.determinism.commands import UNKNOWN, network_tool
from taskgate.hooks.rules.determinism.hook import Hit
from taskgate.hooks.rules.determinism.rules import (
    CLOCK,
    GLOBAL_RNG,
    NETWORK_TOOL,
    OS_ENTROPY,
)
from taskgate.hooks.rules.dockerfile.reading.shell import Command, parse_script, parse_tree

_UNRESOLVED = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|`[^`]*`")
_DATE_FIXED = frozenset({"-d", "--date", "-r", "--reference", "-f", "--file"})
_CLOCK_VARIABLES = frozenset({"SECONDS", "EPOCHSECONDS", "EPOCHREALTIME"})
_PRINTERS = frozenset({"echo", "printf", "logger"})
_SHUFFLERS = {"shuf": None, "sort": frozenset({"-R", "--random-sort", "--sort=random"})}

_ROLE = {
    "tests": "the reward downloads at test time",
    "solution": "the ground truth downloads when it runs",
    "subject": "the subject code downloads when it runs",
}
_WHY_RANDOM = "is a different random value on every run"


def analyse(source: bytes, language: str = "shell", role: str = "tests") -> list[Hit]:
    text = source.decode("utf-8", "replace")
    lines = text.split("\n")
    hits: dict[tuple[int, int, str], str] = {}

    def add(point: tuple[int, int], code: str, message: str) -> None:
        row, byte_col = point
        line = lines[row] if row < len(lines) else ""
        column = len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1
        hits.setdefault((row + 1, column, code), message)

    for cmd in parse_script(text, {}):
        _command(cmd, role, add)
    _variables(parse_tree(text).root_node, add)
    return sorted(Hit(line, column, code, message) for (line, column, code), message in hits.items())


def _words(cmd: Command) -> list[str]:
    return [w.text if w.literal else _UNRESOLVED.sub(UNKNOWN, w.text) for w in cmd.argv]


def _shown(words: list[str], limit: int = 60) -> str:
    shown = " ".join(words).replace(UNKNOWN, "…")
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _command(cmd: Command, role: str, add: Any) -> None:
    words = _words(cmd)
    if not words:
        return
    point = tuple(cmd.point)
    tool = network_tool(words)
    if tool:
        what = _ROLE.get(role, _ROLE["tests"])
        add(point, NETWORK_TOOL, (
            f"`{_shown(words)}` runs `{tool}`, so {what}: it needs the network (the sandbox has none, so it fails "
            f"offline) and its result changes when upstream changes; install it in the Dockerfile with a pinned "
            f"version (`RUN {_shown(words, 40)}` there, versions pinned) and keep this script to running the tests"))
        return
    name, args = cmd.name, words[1:]
    if name == "date" and not any(a in _DATE_FIXED or a.startswith(("--date=", "--reference=", "--file=")) or re.match(r"^-[a-zA-Z]*[dr]", a) for a in args):
        add(point, CLOCK, f"`{_shown(words)}` reads the current time, which differs on every run; use a fixed time "
                          "(`date -u -d @0 ...`, or one passed in) so every run sees the same value")
    elif name in _SHUFFLERS and not any(a.startswith("--random-source") for a in args):
        flags = _SHUFFLERS[name]
        if flags is None or any(a in flags for a in args):
            add(point, GLOBAL_RNG, f"`{_shown(words)}` shuffles with an unseeded random source, so the order "
                                   f"{_WHY_RANDOM}; pass `--random-source=<a file shipped with the task>` or sort deterministically")
    elif name == "uuidgen" or (name == "openssl" and args[:1] == ["rand"]):
        add(point, OS_ENTROPY, f"`{_shown(words)}` reads OS entropy, which {_WHY_RANDOM}; use a fixed value or derive it from the input")
    elif name == "mktemp" and not cmd.substituted and not cmd.downstream:
        add(point, OS_ENTROPY, f"`{_shown(words)}` prints a random file name, so the output {_WHY_RANDOM}; "
                               "capture it (`dir=$(mktemp -d)`) and keep the name out of what the script prints")
    if any(a in ("/dev/urandom", "/dev/random") or a.endswith("=/dev/urandom") for a in args):
        add(point, OS_ENTROPY, f"`{_shown(words)}` reads /dev/urandom, which {_WHY_RANDOM}; ship fixed bytes with the task")


def _variables(root: Any, add: Any) -> None:
    """Clock and random shell variables, and mktemp names that reach the output."""
    temp_names: dict[str, tuple[int, int]] = {}  # variable -> where its mktemp ran
    random_seeded = False
    stack = [root]
    order: list[Any] = []
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(node.children))
    for node in order:  # source order
        if node.type == "variable_assignment":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None and name.text == b"RANDOM" and value is not None and value.type in ("number", "word"):
                random_seeded = True
            if name is not None and value is not None and _runs_mktemp(value):
                temp_names[name.text.decode("utf-8", "replace")] = value.start_point
            continue
        if node.type == "variable_name" and node.parent is not None and node.parent.type != "variable_assignment":
            var = node.text.decode("utf-8", "replace")
            where = node.parent.start_point if node.parent.type in ("simple_expansion", "expansion") else node.start_point
            if var == "RANDOM" and not random_seeded:
                add(where, GLOBAL_RNG, f"`$RANDOM` {_WHY_RANDOM} (bash seeds it from the clock and PID); set `RANDOM=42` "
                                       "first, or use a value that does not change")
            elif var == "SRANDOM":
                add(where, OS_ENTROPY, f"`$SRANDOM` reads OS entropy and {_WHY_RANDOM}; use a fixed value")
            elif var in _CLOCK_VARIABLES:
                add(where, CLOCK, f"`${var}` reads the clock, which differs on every run; use a fixed value")
        elif node.type == "command" and temp_names:
            command_name = node.child_by_field_name("name")
            if command_name is None or command_name.text.decode("utf-8", "replace").rsplit("/", 1)[-1] not in _PRINTERS:
                continue
            for var in _expanded(node) & set(temp_names):
                add(temp_names[var], OS_ENTROPY, (
                    f"`${var}` holds a random `mktemp` name and line {node.start_point[0] + 1} prints it, so the output "
                    f"{_WHY_RANDOM}; keep the temporary name out of what the script prints"))


def _runs_mktemp(node: Any) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "command":
            name = current.child_by_field_name("name")
            if name is not None and name.text.decode("utf-8", "replace").rsplit("/", 1)[-1] == "mktemp":
                return True
        stack.extend(current.children)
    return False


def _expanded(node: Any) -> set[str]:
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("simple_expansion", "expansion"):
            names.update(c.text.decode("utf-8", "replace") for c in current.named_children if c.type == "variable_name")
        stack.extend(current.children)
    return names
