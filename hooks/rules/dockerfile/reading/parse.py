"""A Dockerfile as instructions and build stages, parsed by BuildKit's own parser.

The PyPI package `dockerfile` binds the official Go parser (github.com/moby/buildkit), so line
continuations, the `escape` directive, comments inside continuations, JSON and shell forms and
heredocs (`RUN <<EOF`) are read exactly as `docker build` reads them. This module adds what that
parser leaves to BuildKit's later stages: rejecting unknown instructions, Docker's variable
substitution (`$VAR`, `${VAR:-default}`, quotes, the escape character) for the instructions it
applies to, ARG/ENV scoping, and the build stages with their references to earlier stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskgate.hooks.workspace.environment import mount_fields

KNOWN = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
})
# Build args BuildKit defines without an ARG line; their values depend on the platform built for.
PLATFORM_ARGS = frozenset({
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
})
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A heredoc opener written with a space (`cat > f << 'EOF'`), which current BuildKit accepts.
_SPACED_HEREDOC = re.compile(r"<<(-?)[ \t]+(?:([\"'])([A-Za-z_][\w.-]*)\2|([A-Za-z_][\w.-]*))")

# A variable's value: a string, or None when it is declared but has no value known statically
# (an ARG without default, set only by --build-arg).
Env = dict[str, "str | None"]


class DockerfileError(Exception):
    """The Dockerfile cannot be read as `docker build` would read it."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Heredoc:
    name: str
    content: str


@dataclass(frozen=True)
class Instruction:
    cmd: str  # upper case: RUN, COPY, ...
    line: int  # 1-based first line
    end_line: int
    flags: tuple[str, ...]  # `--from=build`, `--mount=...` as written
    args: tuple[str, ...]  # the parser's value: words, or the shell-form command as one string
    json: bool  # exec (JSON) form
    heredocs: tuple[Heredoc, ...]
    original: str

    def flag(self, name: str) -> str | None:
        """The value of the last `--name=value` flag, or None."""
        values = self.flag_values(name)
        return values[-1] if values else None

    def flag_values(self, name: str) -> list[str]:
        prefix = f"--{name}="
        return [f[len(prefix):] for f in self.flags if f.lower().startswith(prefix)]


@dataclass
class Stage:
    index: int
    name: str | None  # the `AS name`, lower-cased
    from_: Instruction
    image: str  # the base reference after substitution
    unresolved: tuple[str, ...]  # variables in the FROM line with no static value
    parent: int | None  # the earlier stage this one builds on
    instructions: list[Instruction] = field(default_factory=list)


@dataclass
class Dockerfile:
    lines: list[str]
    escape: str
    instructions: list[Instruction]
    meta_args: Env  # ARGs before the first FROM
    stages: list[Stage]

    def stage_named(self, ref: str, before: int) -> int | None:
        """Index of the stage `ref` (a name or a number) among the first `before` stages."""
        ref = ref.lower()
        for stage in self.stages[:before]:
            if stage.name == ref or str(stage.index) == ref:
                return stage.index
        return None

    def column(self, instruction: Instruction, token: str) -> int:
        """1-based column of `token` on the instruction's first line, or 1."""
        if not token or instruction.line > len(self.lines):
            return 1
        raw = self.lines[instruction.line - 1]
        found = raw.find(token, len(instruction.cmd))
        return found + 1 if found >= 0 else 1


def parse(text: str) -> Dockerfile:
    """Parse `text`; raises DockerfileError for anything `docker build` would reject."""
    import dockerfile as _buildkit  # binary wheel, loaded only when a Dockerfile is checked

    try:
        commands = _buildkit.parse_string(_join_spaced_heredocs(text))
    except _buildkit.GoParseError as exc:
        raise DockerfileError(f"BuildKit cannot parse this Dockerfile: {exc}", _error_line(str(exc), text)) from None
    instructions: list[Instruction] = []
    for c in commands:
        if not c.cmd:
            raise DockerfileError("a line holds no instruction (a stray escape character?)", c.start_line)
        cmd = c.cmd.upper()
        if cmd not in KNOWN:
            hint = _unknown_hint(text, c.start_line)
            raise DockerfileError(f"unknown instruction {c.cmd!r}{hint}", c.start_line)
        heredocs = tuple(Heredoc(h.name, h.content) for h in c.heredocs)
        instructions.append(Instruction(cmd, c.start_line, c.end_line, tuple(c.flags), tuple(c.value), bool(c.json), heredocs, c.original))
    escape = escape_char(text)
    meta_args: Env = {}
    stages: list[Stage] = []
    for ins in instructions:
        if ins.cmd == "FROM":
            stages.append(_stage(ins, len(stages), meta_args, escape, stages))
        elif not stages:
            if ins.cmd != "ARG":
                raise DockerfileError(f"{ins.cmd} before the first FROM (only ARG may come before FROM)", ins.line)
            for name, value in arg_pairs(ins.args, meta_args, escape, meta_args):
                meta_args[name] = value
        else:
            stages[-1].instructions.append(ins)
    if not stages:
        raise DockerfileError("no FROM instruction: the Dockerfile defines no build stage")
    return Dockerfile(text.splitlines(), escape, instructions, meta_args, stages)


def _join_spaced_heredocs(text: str) -> str:
    """`<< 'EOF'` -> `<<'EOF'` when a line later in the file is exactly the delimiter, so the
    bundled parser reads the heredoc as current BuildKit does. Line numbers do not change."""
    if "<<" not in text:
        return text
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if "<<" in line and not line.lstrip().startswith("#"):
            def join(match: re.Match[str], later: list[str] = lines[index + 1:]) -> str:
                word = match.group(3) or match.group(4)
                closing = word if not match.group(1) else None
                if not any(rest.strip() == word and (closing is None or rest.rstrip() == word) for rest in later):
                    return match.group(0)  # no terminator: `$((a << b))`, a quoted string
                quote = match.group(2) or ""
                return f"<<{match.group(1)}{quote}{word}{quote}"
            line = _SPACED_HEREDOC.sub(join, line)
        out.append(line)
    return "\n".join(out)


def _unknown_hint(text: str, line: int) -> str:
    """Why a line may not start with an instruction: an unterminated heredoc or a missing continuation."""
    if line <= 1:
        return ""
    before = text.split("\n")[: line - 1]
    for number in range(len(before), 0, -1):
        opener = re.search(r"<<-?\s*([\"']?)([A-Za-z_][\w.-]*)\1", before[number - 1])
        if opener and re.match(r"\s*(RUN|COPY|ADD)\b", before[number - 1], re.IGNORECASE):
            return f" (line {number} opens a heredoc `{opener.group(0)}`: is its delimiter line `{opener.group(2)}` missing or indented?)"
        if before[number - 1].strip() and not before[number - 1].lstrip().startswith("#"):
            break
    return " (is a line continuation missing on the line before?)"


def _error_line(message: str, text: str) -> int:
    found = re.search(r"line (\d+)", message)
    if found:
        return int(found.group(1))
    if "heredoc" in message:  # the last instruction that opens one is the unterminated one
        opening = [i for i, line in enumerate(text.splitlines(), 1) if re.match(r"\s*(RUN|COPY|ADD)\b.*<<", line, re.IGNORECASE)]
        return opening[-1] if opening else 1
    return 1


def escape_char(text: str) -> str:
    """The `# escape=` parser directive, read as BuildKit does (directives lead the file)."""
    seen: set[str] = set()
    for line in text.splitlines():
        match = _DIRECTIVE.match(line.strip())
        if not match:
            break
        key = match.group(1).lower()
        if key in seen or key not in ("syntax", "escape", "check"):
            break
        seen.add(key)
        if key == "escape" and match.group(2) in ("`", "\\"):
            return match.group(2)
    return "\\"


def _stage(ins: Instruction, index: int, meta: Env, escape: str, earlier: list[Stage]) -> Stage:
    if not ins.args or not ins.args[0]:
        raise DockerfileError("FROM requires an image reference", ins.line)
    words = list(ins.args)
    name = None
    if len(words) >= 3 and words[1].lower() == "as":
        name = words[2].lower()
    elif len(words) != 1:
        raise DockerfileError("FROM takes one image, optionally followed by `AS name`", ins.line)
    env = {k: v for k, v in meta.items()}
    for platform_arg in PLATFORM_ARGS:
        env.setdefault(platform_arg, None)
    image, unresolved = expand(words[0], env, escape)
    parent = None
    if not unresolved:
        for stage in earlier:
            if stage.name is not None and stage.name == image.lower():
                parent = stage.index
    return Stage(index, name, ins, image, tuple(unresolved), parent)


def arg_pairs(args: tuple[str, ...], env: Env, escape: str, meta: Env | None = None) -> list[tuple[str, str | None]]:
    """`ARG a=1 b` -> [("a", "1"), ("b", ...)]: defaults substituted against `env`; a name without
    default takes the global (pre-FROM) ARG's default from `meta`, else has no static value."""
    out: list[tuple[str, str | None]] = []
    for word in args:
        name, eq, default = word.partition("=")
        if not name:
            continue
        if eq:
            value, unresolved = expand(default, env, escape)
            out.append((name, None if unresolved else value))
        else:
            out.append((name, (meta or {}).get(name)))
    return out


def env_pairs(args: tuple[str, ...], env: Env, escape: str) -> list[tuple[str, str | None]]:
    """ENV's value list is (key, raw value) pairs; values are substituted against `env`."""
    out: list[tuple[str, str | None]] = []
    for key, raw in zip(args[::2], args[1::2], strict=False):
        value, unresolved = expand(raw, env, escape)
        out.append((key, None if unresolved else value))
    return out


def expand(word: str, env: Env, escape: str = "\\") -> tuple[str, list[str]]:
    """Docker's word processing: quotes removed, `$VAR`/`${VAR...}` substituted from `env`.

    Returns the text and the names that had no static value (kept as written in the text).
    """
    out: list[str] = []
    unresolved: list[str] = []
    i, n = 0, len(word)
    quote = ""
    while i < n:
        ch = word[i]
        if ch == escape and i + 1 < n and quote != "'":
            out.append(word[i + 1])
            i += 2
        elif ch in "'\"" and (not quote or quote == ch):
            quote = "" if quote else ch
            i += 1
        elif ch == "$" and quote != "'" and i + 1 < n:
            i = _dollar(word, i, env, escape, out, unresolved)
        else:
            out.append(ch)
            i += 1
    return "".join(out), unresolved


def _dollar(word: str, i: int, env: Env, escape: str, out: list[str], unresolved: list[str]) -> int:
    if word[i + 1] == "{":
        end = _closing_brace(word, i + 2)
        body = word[i + 2:end]
        match = _NAME.match(body)
        if not match:
            out.append(word[i:end + 1])
            return end + 1
        name, rest = match.group(0), body[match.end():]
        value = env.get(name)
        if rest == "":
            _put(name, value, word[i:end + 1], out, unresolved)
        elif rest[:2] in (":-", ":+", ":?") or rest[:1] in ("-", "+", "?"):
            op = rest[:2] if rest[:1] == ":" else rest[:1]
            alt, alt_unresolved = expand(rest[len(op):], env, escape)
            # A declared ARG without default counts as unset: the Dockerfile's own default applies.
            unset = value is None or (op.startswith(":") and value == "")
            if op.endswith("-"):
                out.append(alt if unset else value or "")
                unresolved.extend(alt_unresolved if unset else [])
            elif op.endswith("+"):
                out.append("" if unset else alt)
                unresolved.extend([] if unset else alt_unresolved)
            else:
                _put(name, value, word[i:end + 1], out, unresolved)
        else:  # ${a#pat}, ${a%pat}, ${a/x/y}: BuildKit evaluates them; statically unknown here
            unresolved.append(name)
            out.append(word[i:end + 1])
        return end + 1
    match = _NAME.match(word, i + 1)
    if not match:
        out.append("$")
        return i + 1
    name = match.group(0)
    _put(name, env.get(name), word[i:match.end()], out, unresolved)
    return match.end()


def _put(name: str, value: str | None, written: str, out: list[str], unresolved: list[str]) -> None:
    if value is None:
        unresolved.append(name)
        out.append(written)
    else:
        out.append(value)


def _closing_brace(word: str, start: int) -> int:
    depth = 1
    for j in range(start, len(word)):
        if word[j] == "{":
            depth += 1
        elif word[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(word) - 1


def stage_envs(df: Dockerfile) -> dict[int, Env]:
    """The variables visible to each instruction (keyed by its line), as BuildKit scopes them:
    ARG/ENV of the stage and ENV inherited from the stage it builds on."""
    visible: dict[int, Env] = {}
    stage_env: dict[int, Env] = {}
    for stage in df.stages:
        env: Env = dict(stage_env.get(stage.parent, {})) if stage.parent is not None else {}
        exported: Env = dict(env)
        for ins in stage.instructions:
            visible[ins.line] = dict(env)
            if ins.cmd == "ARG":
                for name, value in arg_pairs(ins.args, env, df.escape, df.meta_args):
                    env[name] = value
            elif ins.cmd == "ENV":
                for key, value in env_pairs(ins.args, env, df.escape):
                    env[key] = value
                    exported[key] = value
        stage_env[stage.index] = exported
    return visible


@dataclass(frozen=True)
class Violation:
    """A rule violation at an instruction; `token` (and, in a RUN, the command's `at`) locates it."""

    code: str
    instruction: Instruction
    message: str
    token: str = ""
    at: tuple[int, int] | None = None  # a RUN command's (row, byte column) in its parsed script


def mounts(ins: Instruction) -> list[dict[str, str]]:
    """`RUN --mount=type=bind,source=x,target=/y` -> [{"type": "bind", "source": "x", ...}]."""
    return [mount_fields(spec) for spec in ins.flag_values("mount")]
