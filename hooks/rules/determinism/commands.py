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
# Programs that reach the network with some subcommands (package managers, version control,
# build tools that resolve dependencies); an empty set: every run may download (npx, gradle).
# A subcommand may be two words ("pip install" for `uv pip install`).
NETWORK_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "git": frozenset({"clone", "fetch", "pull", "push", "ls-remote", "submodule"}),
    "pip": frozenset({"install", "download"}),
    "pip3": frozenset({"install", "download"}),
    "uv": frozenset({"add", "sync", "lock", "run --with", "pip install", "pip sync", "pip compile", "tool install", "tool run", "python install"}),
    "uvx": frozenset(),
    "pipx": frozenset({"install", "run", "upgrade", "inject"}),
    "poetry": frozenset({"install", "add", "update", "lock"}),
    "pdm": frozenset({"install", "add", "update", "sync", "lock"}),
    "npm": frozenset({"install", "i", "ci", "add", "update", "exec"}),
    "pnpm": frozenset({"install", "i", "add", "update", "dlx"}),
    "yarn": frozenset({"install", "add", "upgrade", "dlx"}),
    "bun": frozenset({"install", "i", "add", "update", "x"}),
    "bunx": frozenset(),
    "npx": frozenset(),
    "deno": frozenset({"install", "cache", "add"}),
    "apt-get": frozenset({"install", "update", "download", "source", "build-dep", "upgrade", "dist-upgrade"}),
    "apt": frozenset({"install", "update", "upgrade", "full-upgrade"}),
    "apk": frozenset({"add", "update", "upgrade", "fetch"}),
    "yum": frozenset({"install", "update", "upgrade", "makecache"}),
    "dnf": frozenset({"install", "update", "upgrade", "makecache"}),
    "microdnf": frozenset({"install", "update", "upgrade"}),
    "zypper": frozenset({"install", "in", "update", "up", "refresh", "ref"}),
    "go": frozenset({"get", "install", "mod download"}),
    "cargo": frozenset({"add", "install", "fetch", "update", "search"}),
    "rustup": frozenset({"install", "update", "toolchain install", "target add", "component add", "default"}),
    "gem": frozenset({"install", "update", "fetch"}),
    "bundle": frozenset({"install", "update", "add"}),
    "composer": frozenset({"install", "require", "update", "create-project"}),
    "conda": frozenset({"install", "create", "update", "env create"}),
    "mamba": frozenset({"install", "create", "update"}),
    "micromamba": frozenset({"install", "create", "update"}),
    "dotnet": frozenset({"restore", "add package", "tool install", "new install"}),
    "nuget": frozenset({"install", "restore"}),
    "gradle": frozenset(),
    "gradlew": frozenset(),
    "mvn": frozenset(),
    "mvnw": frozenset(),
    "docker": frozenset({"pull", "push"}),
    "brew": frozenset({"install", "update", "upgrade"}),
    "huggingface-cli": frozenset({"download"}),
}
_BARE_INSTALLS = frozenset({"yarn", "bundle"})
# Flags that make a run of those programs offline (only local caches or files are used).
OFFLINE_FLAGS: dict[str, frozenset[str]] = {
    "pip": frozenset({"--no-index"}), "pip3": frozenset({"--no-index"}),
    "uv": frozenset({"--offline"}), "npm": frozenset({"--offline"}), "pnpm": frozenset({"--offline"}),
    "yarn": frozenset({"--offline"}), "cargo": frozenset({"--offline", "--frozen"}),
    "gradle": frozenset({"--offline"}), "gradlew": frozenset({"--offline"}),
    "npx": frozenset({"--no-install", "--no", "--offline"}), "bunx": frozenset({"--no-install"}),
    "mvn": frozenset({"-o", "--offline"}), "mvnw": frozenset({"-o", "--offline"}),
    "conda": frozenset({"--offline"}), "mamba": frozenset({"--offline"}), "micromamba": frozenset({"--offline"}),
    "dotnet": frozenset({"--source"}), "bundle": frozenset({"--local"}), "gem": frozenset({"--local"}),
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
    """`/usr/bin/curl`, `C:\\tools\\curl.exe` -> `curl`; `pip3.11` -> `pip3`; `gradlew.bat` -> `gradlew`."""
    name = word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower().removesuffix(".exe").removesuffix(".bat").removesuffix(".cmd")
    return re.sub(r"^(pip3?)\.\d+$", r"\1", name)


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
        return None if _loopback_only(rest) else program
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
    if any(word in OFFLINE_FLAGS.get(program, ()) for word in rest):
        return None  # local files and caches only
    if not subcommands or (program in _BARE_INSTALLS and not [w for w in rest if w is None or not w.startswith("-")]):
        return program  # `yarn` and `bundle` alone install
    value_options = _VALUE_OPTIONS.get(program, frozenset())
    i = 0
    while i < len(rest) and rest[i] is not None and rest[i].startswith("-"):
        i += 2 if rest[i] in value_options else 1
    if i < len(rest) and rest[i] is not None:
        two = f"{rest[i]} {rest[i + 1]}" if i + 1 < len(rest) and rest[i + 1] is not None else ""
        for sub in (two, rest[i]):
            if sub in subcommands:
                return f"{program} {sub}"
    return None


def _loopback_only(args: Sequence[str | None]) -> bool:
    """A network tool's arguments name hosts, all of them literal loopback (`curl localhost:8080`)."""
    from taskgate.hooks.rules.determinism.loopback import names_only_loopback

    return names_only_loopback([a for a in args if a is not None and not a.startswith("-")])


network_argv = network_tool


def _split_shell(command: str) -> list[list[str]]:
    """Simple commands of a shell string, split at `;`, `&&`, `||`, `|`, `&`, parentheses."""
    # Words split at whitespace and shell operators only (a URL stays one word); newlines separate commands.
    lexer = shlex.shlex(command.replace("$(", " ( ").replace("`", " ; "), posix=True, punctuation_chars="();<>|&\n")
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
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
