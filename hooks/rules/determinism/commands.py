"""Which command lines reach the network: the DET302 judgement, one place for every language.

An analyser that sees a program run another program (`subprocess.run([...])`, `os.system("...")`,
`child_process.exec("...")`, `exec.Command(...)`, `Runtime.exec(...)`) hands over what it knows of
the command: an argument vector whose unknown elements are None, or a shell string in which
unknown parts are `UNKNOWN`. These functions say which network tool it runs, or None.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

UNKNOWN = "\ufffc"  # stands for a value the analyser could not resolve (never a tool name)

# Programs whose purpose is to talk to another host.
NETWORK_TOOLS = frozenset({
    "curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "sftp", "telnet", "ftp", "aria2c",
    "http", "https", "xh", "ping", "dig", "nslookup", "socat", "lynx", "links", "w3m",
})
# Programs that reach the network with some subcommands (package managers, version control);
# an empty set: every run may download (npx).
NETWORK_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "git": frozenset({"clone", "fetch", "pull", "push", "ls-remote", "submodule"}),
    "pip": frozenset({"install", "download"}),
    "pip3": frozenset({"install", "download"}),
    "uv": frozenset({"pip", "add", "sync"}),
    "npm": frozenset({"install", "i", "ci", "add", "update"}),
    "pnpm": frozenset({"install", "i", "add", "update"}),
    "yarn": frozenset({"install", "add", "upgrade"}),
    "npx": frozenset(),
    "apt-get": frozenset({"install", "update", "download"}),
    "apt": frozenset({"install", "update"}),
    "apk": frozenset({"add", "update"}),
    "go": frozenset({"get", "install"}),
    "cargo": frozenset({"install", "fetch"}),
    "gem": frozenset({"install"}),
    "conda": frozenset({"install"}),
    "docker": frozenset({"pull", "push"}),
    "brew": frozenset({"install"}),
}
# Options of those programs that take a value, so the subcommand is found after them.
_VALUE_OPTIONS = {"git": frozenset({"-C", "-c", "--git-dir", "--work-tree"})}
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"})
# Wrappers that run the rest of their arguments as a command.
_WRAPPERS = frozenset({"sudo", "env", "exec", "nohup", "command", "nice", "time", "xargs", "stdbuf", "timeout"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_DURATION = re.compile(r"^\d+(\.\d+)?[smhd]?$")
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", "\n", ";;", "|&"})
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")


def program_name(word: str) -> str:
    """`/usr/bin/curl`, `C:\\tools\\curl.exe` -> `curl`."""
    return word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower().removesuffix(".exe")


def network_tool(argv: Sequence[str | None], depth: int = 0) -> str | None:
    """The network command `argv` runs ("curl", "git clone", "pip install"), or None.

    Unknown words are None. Wrappers (`sudo`, `env X=1`, `timeout 5`), `sh -c '...'` and
    `python -m pip` (also with an unknown interpreter, `[sys.executable, "-m", "pip", ...]`) are
    looked through.
    """
    words = list(argv)
    while words and words[0] is not None and (program_name(words[0]) in _WRAPPERS or _ASSIGNMENT.match(words[0])):
        wrapper = program_name(words.pop(0))
        while words and words[0] is not None and words[0].startswith("-"):
            words.pop(0)  # wrapper options such as `sudo -E`, `nice -n` (a value left over is harmless)
        if wrapper == "timeout" and words and words[0] is not None and _DURATION.match(words[0]):
            words.pop(0)
    if not words:
        return None
    rest = words[1:]
    # `python -m pip install x`, whatever the interpreter (an unknown word included).
    for i in range(len(rest) - 2):
        if rest[i] == "-m" and rest[i + 1] in {"pip", "pip3"} and rest[i + 2] in NETWORK_SUBCOMMANDS["pip"]:
            return None if "--no-index" in rest else f"pip {rest[i + 2]}"
    if words[0] is None:
        return None
    program = program_name(words[0])
    if program in NETWORK_TOOLS:
        return program
    if program in SHELLS and depth < 3:
        for i, word in enumerate(rest[:-1]):
            if word is not None and word.startswith("-") and not word.startswith("--") and "c" in word:
                script = rest[i + 1]
                return network_shell(script, depth + 1) if script is not None else None
        return None
    if _PYTHON.match(program):
        return None
    subcommands = NETWORK_SUBCOMMANDS.get(program)
    if subcommands is None:
        return None
    if not subcommands:
        return program
    value_options = _VALUE_OPTIONS.get(program, frozenset())
    i = 0
    while i < len(rest) and rest[i] is not None and rest[i].startswith("-"):
        i += 2 if rest[i] in value_options else 1
    if i < len(rest) and rest[i] in subcommands:
        if program.startswith("pip") and "--no-index" in rest:
            return None  # installs from local files only
        return f"{program} {rest[i]}"
    return None


network_argv = network_tool


def _split_shell(command: str) -> list[list[str]]:
    """Simple commands of a shell string, split at `;`, `&&`, `||`, `|`, `&`, parentheses."""
    lexer = shlex.shlex(command.replace("$(", " ( ").replace("`", " ; "), posix=True, punctuation_chars=True)
    lexer.whitespace = " \t\r"  # newlines separate commands
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: fall back to whitespace words
        tokens = [t for t in re.split(r"[ \t\r]+|(\n|;|&&|\|\||\||&)", command) if t]
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS or (token and set(token) <= set(";&|()\n")):
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


def network_shell(command: str, depth: int = 0) -> str | None:
    """The first network command a shell string runs (`cd x && curl ...`), or None."""
    for words in _split_shell(command):
        found = network_tool(words, depth)
        if found:
            return found
    return None
