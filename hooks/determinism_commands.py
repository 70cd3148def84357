"""Which command lines reach the network: the DET302 judgement, shared by every language.

An analyser that sees a program run another program (`subprocess.run([...])`, `os.system("...")`,
`child_process.exec("...")`, `exec.Command(...)`) hands over what it knows of the command: an
argument vector whose unknown elements are None, or a shell string in which unknown parts are
`UNKNOWN`. These functions say which network tool it runs, or None.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

UNKNOWN = "\ufffc"  # stands for a value the analyser could not resolve (never a tool name)

# Programs whose only purpose is to talk to another host.
NETWORK_TOOLS = frozenset({
    "curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "sftp", "telnet", "ftp", "aria2c",
    "http", "https",  # HTTPie
})
# Programs that reach the network with some subcommands (package managers, version control).
NETWORK_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "git": frozenset({"clone", "fetch", "pull", "push", "ls-remote", "submodule"}),
    "pip": frozenset({"install", "download"}),
    "pip3": frozenset({"install", "download"}),
    "npm": frozenset({"install", "i", "ci", "add"}),
    "yarn": frozenset({"add", "install"}),
    "pnpm": frozenset({"add", "install", "i"}),
    "apt-get": frozenset({"install", "update", "download"}),
    "apt": frozenset({"install", "update"}),
    "go": frozenset({"get"}),
    "cargo": frozenset({"install", "fetch"}),
    "gem": frozenset({"install"}),
    "conda": frozenset({"install"}),
}
# Options of those programs that take a value, so the subcommand is found after them.
_VALUE_OPTIONS = {"git": frozenset({"-C", "-c", "--git-dir", "--work-tree"})}
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash"})
# Wrappers that run the rest of their arguments as a command.
_WRAPPERS = frozenset({"sudo", "env", "exec", "nohup", "command", "nice", "time", "xargs", "stdbuf"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", "\n", ";;", "|&", "`", "$("})
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")


def _basename(word: str | None) -> str | None:
    return None if word is None else word.rsplit("/", 1)[-1]


def network_argv(argv: Sequence[str | None], depth: int = 0) -> str | None:
    """The network command `argv` runs ("curl", "git clone", "pip install"), or None."""
    words = list(argv)
    # Drop wrappers and leading VAR=value assignments: `sudo env X=1 curl ...`.
    while words and words[0] is not None and (_basename(words[0]) in _WRAPPERS or _ASSIGNMENT.match(words[0])):
        words.pop(0)
        while words and words[0] is not None and words[0].startswith("-"):
            words.pop(0)  # wrapper options such as `sudo -E`, `nice -n 5` (value stays: harmless)
    if not words:
        return None
    program = _basename(words[0])
    rest = words[1:]
    if program in NETWORK_TOOLS:
        return program
    if program in SHELLS and depth < 3:
        for i, word in enumerate(rest[:-1]):
            if word is not None and word.startswith("-") and "c" in word.lstrip("-") and not word.startswith("--"):
                script = rest[i + 1]
                return network_shell(script, depth + 1) if script is not None else None
        return None
    # `python -m pip install x`, also with an unresolved interpreter: `[sys.executable, "-m", "pip", ...]`.
    for i in range(len(rest) - 2):
        if rest[i] == "-m" and rest[i + 1] in {"pip", "pip3"} and rest[i + 2] in NETWORK_SUBCOMMANDS["pip"]:
            return f"pip {rest[i + 2]}"
    if program is not None and _PYTHON.match(program):
        return None
    subcommands = NETWORK_SUBCOMMANDS.get(program or "")
    if subcommands:
        value_options = _VALUE_OPTIONS.get(program or "", frozenset())
        i = 0
        while i < len(rest) and rest[i] is not None and rest[i].startswith("-"):
            i += 2 if rest[i] in value_options else 1
        if i < len(rest) and rest[i] in subcommands:
            return f"{program} {rest[i]}"
    return None


def _split_shell(command: str) -> list[list[str]]:
    """Simple commands of a shell string, split at `;`, `&&`, `||`, `|`, `&`, parentheses."""
    lexer = shlex.shlex(command.replace("$(", " ( ").replace("`", " ; "), posix=True, punctuation_chars=True)
    lexer.whitespace = " \t\r"  # newlines separate commands
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: fall back to whitespace words
        tokens = re.split(r"[ \t\r]+|(\n|;|&&|\|\||\||&)", command)
        tokens = [t for t in tokens if t]
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS or (token and set(token) <= set(";&|()\n")):
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


def network_shell(command: str, depth: int = 0) -> str | None:
    """The network command a shell string runs, or None."""
    for words in _split_shell(command):
        found = network_argv(words, depth)
        if found:
            return found
    return None
