"""The simple commands a RUN instruction executes, read with tree-sitter-bash.

Rules judge the argv of each simple command, never substrings: `echo "apt-get install x"` is an
echo. Words are unquoted and their `$VAR`s substituted from the Dockerfile's ARG/ENV values and
from assignments earlier in the same script; what cannot be known statically is marked dynamic.
Wrappers (`sudo`, `env`, `nice`, `timeout`, ...) are unwrapped, and scripts run by a shell (`sh -c
'...'`, `bash <<EOF`, `su -c '...'`) are parsed as scripts too. Pipelines and command
substitutions are kept as links between commands, so "the output of curl is executed by sh" is a
question about links, not text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from taskgate.hooks.rules.dockerfile.reading.parse import Env, expand

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
MAX_DEPTH = 4
MAX_PIPELINE = 64  # pipeline stages linked to each other (linking is quadratic)
MAX_NESTING = 100  # syntax levels read (each costs up to 6 Python frames; the limit is 1000)
_SPECIAL = re.compile(r"^[0-9@*#?$!-]$")


@dataclass(frozen=True)
class Word:
    text: str  # unquoted, substituted; what stayed unknown is kept as written
    literal: bool  # True when every part is known statically


@dataclass(eq=False)
class Command:
    argv: list[Word]
    upstream: list[Command] = field(default_factory=list)  # earlier stages of its pipeline
    downstream: list[Command] = field(default_factory=list)  # later stages of its pipeline
    feeds: Command | None = None  # the command whose argument holds this one's $(...) or <(...)
    stdin_scripts: list[str] = field(default_factory=list)  # heredoc bodies on its stdin
    substituted: bool = False  # runs inside $(...) or <(...): its output is captured
    order: int = 0
    # Where it starts in the script read (0-based row, byte column); a command of a nested script
    # (`sh -c '...'`, a heredoc fed to a shell) is placed at the command that runs that script.
    point: tuple[int, int] = (0, 0)
    # Output/input redirections: (the word just before, operator, target, written without a
    # space after that word). `torch>=1.9` is the word `torch` and a redirect to the file `=1.9`.
    redirects: list[tuple[str, str, str, bool]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.argv[0].text.rsplit("/", 1)[-1] if self.argv else ""

    @property
    def args(self) -> list[Word]:
        return self.argv[1:]

    def texts(self) -> list[str]:
        return [w.text for w in self.argv[1:]]


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # every argument and redirect word
    random: list[str] = field(default_factory=list)  # $RANDOM / $SRANDOM expansions

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)


@cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def parse_tree(text: str) -> Any:
    """The tree-sitter-bash syntax tree of a script (for analyses of more than its commands)."""
    return _parser().parse(text.encode("utf-8", "surrogatepass"))


def parse_script(text: str, env: Env) -> Script:
    script = Script()
    _Reader(script, dict(env)).script(text, 0)
    return script


def parse_argv(argv: list[str], env: Env) -> Script:
    """An exec-form RUN: one command, its words taken as they are (no shell, no substitution)."""
    script = Script()
    reader = _Reader(script, dict(env))
    reader.add(Command([Word(a, True) for a in argv]), 0)
    script.words.extend(argv[1:])
    return script


class _Reader:
    def __init__(self, script: Script, env: Env) -> None:
        self.out = script
        self.env = env
        self.counter = 0
        self.nesting = 0  # inside how many $(...) / <(...)
        self.anchor: tuple[int, int] | None = None  # position of the command running a nested script
        self.level = 0  # syntax nesting of the walk

    def script(self, text: str, depth: int, anchor: tuple[int, int] | None = None) -> None:
        tree = parse_tree(text)
        outer = self.anchor
        self.anchor = outer or anchor
        try:
            self.walk(tree.root_node, depth, None)
        finally:
            self.anchor = outer

    def walk(self, node: Any, depth: int, feeds: Command | None) -> list[Command]:
        """Visit `node`; returns the commands found in it (for pipeline linking). Syntax nested
        deeper than MAX_NESTING (absurd, or hostile, input) is not read."""
        if self.level >= MAX_NESTING:
            return []
        self.level += 1
        try:
            return self._walk(node, depth, feeds)
        finally:
            self.level -= 1

    def _walk(self, node: Any, depth: int, feeds: Command | None) -> list[Command]:
        kind = node.type
        if kind == "comment":
            return []
        if kind == "variable_assignment":
            self.assign(node)
            return self.walk_children(node, depth, feeds)
        if kind == "for_statement":
            var = node.child_by_field_name("variable")
            if var is not None:
                self.env[var.text.decode()] = None
        if kind == "command":
            return self.command(node, depth, feeds)
        if kind in ("if_statement", "case_statement"):
            return self.branches(node, depth, feeds)
        if kind == "pipeline":
            stages = [self.walk(c, depth, feeds) for c in node.named_children]
            if len(stages) > MAX_PIPELINE:
                return [c for s in stages for c in s]  # absurd input: its stages are not linked
            for i, stage in enumerate(stages):
                before = [c for s in stages[:i] for c in s]
                after = [c for s in stages[i + 1:] for c in s]
                for cmd in stage:
                    cmd.upstream.extend(before)
                    cmd.downstream.extend(after)
            return [c for s in stages for c in s]
        if kind in ("simple_expansion", "expansion"):
            self.note_random(node)
        if kind in ("command_substitution", "process_substitution"):
            self.nesting += 1
            inside = self.walk_children(node, depth, feeds)
            self.nesting -= 1
            return inside
        found = self.walk_children(node, depth, feeds)
        if kind == "redirected_statement":
            self.redirects(node, found, depth)
        return found

    def branches(self, node: Any, depth: int, feeds: Command | None) -> list[Command]:
        """An if/elif/else or case: each branch starts from the variables before it; afterwards a
        variable keeps its value only if every way through gives it the same one (else unknown)."""
        before = dict(self.env)
        arms = ("elif_clause", "else_clause") if node.type == "if_statement" else ("case_item",)
        shared = [c for c in node.children if c.type not in arms]
        found = self.walk_children_of(shared, depth, feeds)  # the condition and `then` part; `case WORD in`
        outcomes = [dict(self.env)] if node.type == "if_statement" else []
        total = not any(c.type == "else_clause" for c in node.children) if node.type == "if_statement" else True
        for arm in (c for c in node.children if c.type in arms):
            self.env = dict(before)
            found += self.walk(arm, depth, feeds)
            outcomes.append(dict(self.env))
            if arm.type == "case_item" and any(v.text in (b"*", b"*)") for v in arm.children_by_field_name("value")):
                total = False
        if total:
            outcomes.append(before)  # no branch taken
        names = {name for outcome in outcomes for name in outcome}
        self.env = {name: _agreed([o.get(name, _UNSET) for o in outcomes]) for name in names}
        return found

    def walk_children_of(self, nodes: list[Any], depth: int, feeds: Command | None) -> list[Command]:
        found: list[Command] = []
        for child in nodes:
            found.extend(self.walk(child, depth, feeds))
        return found

    def walk_children(self, node: Any, depth: int, feeds: Command | None) -> list[Command]:
        found: list[Command] = []
        for child in node.children:
            found.extend(self.walk(child, depth, feeds))
        return found

    def assign(self, node: Any) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or node.parent is not None and node.parent.type == "command":
            return  # `A=1 cmd` sets A for cmd only
        words = self.words(value) if value is not None else [Word("", True)]
        text = " ".join(w.text for w in words)
        self.env[name.text.decode()] = text if all(w.literal for w in words) else None

    def note_random(self, node: Any) -> None:
        for child in node.named_children:
            if child.type == "variable_name" and child.text in (b"RANDOM", b"SRANDOM"):
                if "$" + child.text.decode() not in self.out.random:
                    self.out.random.append("$" + child.text.decode())

    def command(self, node: Any, depth: int, feeds: Command | None) -> list[Command]:
        parts = [node.child_by_field_name("name"), *node.children_by_field_name("argument")]
        parts = [p for p in parts if p is not None]
        argv: list[Word] = []
        for part in parts:
            argv.extend(self.words(part.named_children[0] if part.type == "command_name" and part.named_children else part))
        cmd = Command(argv, feeds=feeds, substituted=self.nesting > 0, point=self.anchor or tuple(node.start_point))
        self.out.words.extend(w.text for w in argv[1:])
        for part in parts:
            self.substitutions(part, depth, cmd)
        return self.add(cmd, depth)

    def substitutions(self, node: Any, depth: int, owner: Command) -> None:
        if node.type in ("command_substitution", "process_substitution"):
            self.nesting += 1
            self.walk_children(node, depth, owner)
            self.nesting -= 1
            return
        if node.type in ("simple_expansion", "expansion"):
            self.note_random(node)
        for child in node.children:
            self.substitutions(child, depth, owner)

    def redirects(self, node: Any, found: list[Command], depth: int) -> None:
        body = node.named_children[0] if node.named_children else None
        owner = found[0] if found and body is not None and body.type == "command" else None
        previous = body
        for child in node.children:
            if child.type == "file_redirect":
                parts = [c for c in child.named_children if c.type != "file_descriptor"]
                for dest in parts[:1]:
                    self.out.words.extend(w.text for w in self.words(dest))
                if owner is not None and parts:
                    operator = next((c.text.decode("utf-8", "replace") for c in child.children if not c.is_named), "")
                    before = owner.argv[-1].text if owner.argv else ""
                    adjacent = previous is not None and previous.end_byte == child.start_byte
                    target = self.words(parts[0])
                    owner.redirects.append((before, operator, target[0].text if target else "", adjacent))
                    # Words after the target are still the command's arguments (`cmd > f a b`).
                    for extra in parts[1:]:
                        words = self.words(extra)
                        owner.argv.extend(words)
                        self.out.words.extend(w.text for w in words)
                previous = child
            elif child.type == "heredoc_redirect":
                for part in child.named_children:
                    if part.type == "heredoc_body":
                        if found:
                            body = part.text.decode("utf-8", "replace")
                            found[-1].stdin_scripts.append(body)
                            if found[-1].name in SHELLS and runs_stdin(found[-1]) and depth < MAX_DEPTH:
                                self.script(body, depth + 1, found[-1].point)
                    elif part.type == "file_redirect":
                        for dest in part.named_children:
                            self.out.words.extend(w.text for w in self.words(dest))

    def add(self, cmd: Command, depth: int) -> list[Command]:
        cmd.argv = self.unwrap(cmd.argv)
        self.counter += 1
        cmd.order = self.counter
        self.out.commands.append(cmd)
        inner = shell_script(cmd) if depth < MAX_DEPTH else None
        if inner is not None:
            self.script(inner, depth + 1, cmd.point)
        return [cmd]

    def unwrap(self, argv: list[Word]) -> list[Word]:
        for _ in range(8):
            rest = _unwrap_once(argv, self.env)
            if rest is None:
                return argv
            argv = rest
        return argv

    # -- words ---------------------------------------------------------------------------------

    def words(self, node: Any) -> list[Word]:
        kind = node.type
        if kind in ("simple_expansion", "expansion"):
            text, literal = self.expansion(node)
            if literal and text.split() != [text]:
                return [Word(part, True) for part in text.split()]
            return [Word(text, literal)]
        text, literal = self.piece(node)
        return [Word(text, literal)]

    def piece(self, node: Any) -> tuple[str, bool]:
        kind = node.type
        raw = node.text.decode("utf-8", "replace")
        if kind == "word":
            return re.sub(r"\\(.)", r"\1", raw.replace("\\\n", "")), True
        if kind == "raw_string":
            return raw[1:-1], True
        if kind == "ansi_c_string":
            return raw[2:-1], True
        if kind in ("simple_expansion", "expansion"):
            return self.expansion(node)
        if kind in ("command_substitution", "process_substitution", "arithmetic_expansion"):
            return raw, False
        if kind in ("string", "translated_string"):
            parts, literal = [], True
            for child in node.children:
                if child.type == '"' or child.type == '$"':
                    continue
                if child.type == "string_content":
                    parts.append(re.sub(r'\\([$`"\\\n])', r"\1", child.text.decode("utf-8", "replace")))
                    continue
                text, ok = self.piece(child)
                parts.append(text)
                literal = literal and ok
            return "".join(parts), literal
        if kind == "concatenation":
            parts, literal = [], True
            for child in node.children:
                text, ok = self.piece(child)
                parts.append(text)
                literal = literal and ok
            return "".join(parts), literal
        return raw, True

    def expansion(self, node: Any) -> tuple[str, bool]:
        raw = node.text.decode("utf-8", "replace")
        if kind_is_special(node):
            return raw, False
        text, unresolved = expand(raw, self.env)
        return text, not unresolved


_UNSET = object()


def _agreed(values: list[Any]) -> str | None:
    """One value when every branch agrees on it, else None (statically unknown)."""
    first = values[0]
    if first is _UNSET or any(v != first for v in values[1:]):
        return None
    return first


def kind_is_special(node: Any) -> bool:
    for child in node.named_children:
        if child.type == "special_variable_name" or (child.type == "variable_name" and _SPECIAL.match(child.text.decode())):
            return True
    return False


# -- wrappers ----------------------------------------------------------------------------------

# Wrapper -> options that take a value (the value is the next word unless attached).
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset("-u -g -C -D -h -p -r -t -U -T --user --group --chdir --prompt --role --type --other-user --host --close-from".split()),
    "doas": frozenset("-u -C".split()),
    "env": frozenset("-u -C -S --unset --chdir --split-string".split()),
    "nice": frozenset("-n --adjustment".split()),
    "nohup": frozenset(),
    "exec": frozenset("-a".split()),
    "command": frozenset(),
    "time": frozenset("-f -o --format --output".split()),
    "eatmydata": frozenset(),
    "unbuffer": frozenset(),
    "stdbuf": frozenset("-i -o -e --input --output --error".split()),
    "timeout": frozenset("-s -k --signal --kill-after".split()),
    "xargs": frozenset("-a -d -E -e -I -i -L -l -n -P -s --arg-file --delimiter --max-args --max-procs --max-lines --replace".split()),
    "tini": frozenset(),
    "dumb-init": frozenset(),
}
_POSITIONAL_BEFORE = {"timeout": 1, "gosu": 1, "su-exec": 1, "chroot": 1}


def _unwrap_once(argv: list[Word], env: Env) -> list[Word] | None:
    if not argv:
        return None
    name = argv[0].text.rsplit("/", 1)[-1]
    if name not in _WRAPPERS and name not in _POSITIONAL_BEFORE:
        return None
    takes_value = _WRAPPERS.get(name, frozenset())
    i = 1
    while i < len(argv):
        word = argv[i].text
        if word == "--":
            i += 1
            break
        if name == "env" and "=" in word and not word.startswith("-"):
            key, _, value = word.partition("=")
            env[key] = value if argv[i].literal else None
            i += 1
            continue
        if not word.startswith("-") or word == "-":
            break
        i += 2 if (word in takes_value and "=" not in word) else 1
    i += _POSITIONAL_BEFORE.get(name, 0)
    return argv[i:] if i < len(argv) else None


def shell_script(cmd: Command) -> str | None:
    """The script a command runs as a shell (`sh -c '...'`, `su -c '...'`), if it is one."""
    name = cmd.name
    words = cmd.texts()
    offset = 0
    if name == "busybox" and words and words[0] in SHELLS:
        offset, name = 1, "sh"
    if name in SHELLS:
        command_string = False
        i = offset
        while i < len(words):
            word = words[i]
            if word == "--":
                i += 1
                break
            if word[:1] not in "-+" or word == "-":
                break
            letters = "" if word.startswith("--") else word[1:]
            command_string = command_string or (word[0] == "-" and "c" in letters)
            i += 2 if "o" in letters else 1  # `-o pipefail`, `-euxo pipefail`
        return _script_word(cmd.args[i]) if command_string and i < len(words) else None
    if name in ("su", "runuser"):
        for i, word in enumerate(words):
            if word in ("-c", "--command") and i + 1 < len(words):
                return _script_word(cmd.args[i + 1])
    return None


def _script_word(word: Word) -> str | None:
    """A `-c` script worth parsing: known, or unknown only in plain `$VAR`s (a `$(...)` in it is
    a command of the outer script, already read there)."""
    if word.literal or ("$(" not in word.text and "`" not in word.text):
        return word.text
    return None


def runs_stdin(cmd: Command) -> bool:
    """True when `cmd` is a shell (or interpreter) that executes what arrives on its stdin:
    no script operand (`sh`, `bash -x`), an explicit `-` (`python3 - --version 1.2`), or `-s`."""
    name = cmd.name
    interpreter = re.fullmatch(r"(python|perl|ruby|node|php)[0-9.]*", name) is not None
    if name not in SHELLS and not interpreter:
        return False
    if name in SHELLS and shell_script(cmd) is not None:
        return False
    words = cmd.texts()
    if name == "busybox":
        words = words[1:]
    value_options = {"-W", "-X", "-r", "-I", "-M"} if interpreter else {"-O", "+O"}
    i = 0
    while i < len(words):
        word = words[i]
        if word == "-" or (name in SHELLS and word.startswith("-") and not word.startswith("--") and "s" in word[1:]):
            return True
        if word == "--":
            return i + 1 >= len(words)  # `bash -- script` runs the script; bare `--` reads stdin
        if interpreter and word in ("-c", "-m", "-e", "-E", "-p"):
            return False  # code from the command line
        if not word.startswith(("-", "+")):
            return False  # a script file
        takes_value = word in value_options or (name in SHELLS and not word.startswith("--") and "o" in word[1:])
        i += 2 if takes_value else 1
    return True


@dataclass
class Run:
    """A RUN instruction with what it executes (`script` is None for non-POSIX shells)."""

    instruction: Any  # dockerfile_parse.Instruction
    script: Script | None
    env: Env
    workdir: str
    mounts: list[dict[str, str]]
    base: str = ""  # the stage's base image (through earlier stages it builds on)

    @property
    def commands(self) -> list[Command]:
        return self.script.commands if self.script is not None else []
