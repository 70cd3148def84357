"""Python packages in RUN: pip (and `python -m pip`, `uv pip`, pip-sync, pipx), conda (DKR005).

A requirement is pinned when it is `name==version` (PEP 508, parsed with `packaging`), a local
path, an archive URL with `#sha256=`, or a VCS URL at a full commit. `-r file` is judged from the
file in the build context: every line pinned, or hash-checking mode (`--require-hashes`, or a
`--hash` on a line) which makes pip itself refuse anything unpinned. Names pinned by a `-c`
constraints file count as pinned.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator

from taskgate.hooks.rules.dockerfile.reading.argv import options
from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import UNPINNED_LANGUAGE_PACKAGE
from taskgate.hooks.rules.dockerfile.reading.shell import Command, Run, Word

# Reads a requirements file named in a RUN: (path as written, run) -> (context path, text or None).
Reader = Callable[[str, Run], "tuple[str, str | None]"]

_PIP_LONG = frozenset("""--requirement --constraint --editable --index-url --extra-index-url --find-links --target
--prefix --root --platform --python-version --implementation --abi --only-binary --no-binary --progress-bar --src
--upgrade-strategy --trusted-host --cache-dir --log --proxy --retries --timeout --exists-action --cert
--client-cert --global-option --config-settings --report --root-user-action --python --use-feature
--use-deprecated --install-option --keyring-provider --build-option --log-file --dest --wheel-dir
--default-timeout --index --extra-index --spec --pip-args --suffix --with --python-preference""".split())
_PIP_SHORT = "rceitfCdwp"
_COMMIT = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")
_HASH = re.compile(r"#.*\b(sha256|sha384|sha512)=[0-9a-fA-F]+")
_VCS = ("git+", "hg+", "svn+", "bzr+")
MAX_INCLUDES = 8


def check(run: Run, read: Reader) -> Iterator[Violation]:
    for cmd in run.commands:
        args = pip_args(cmd)
        if args is not None:
            yield from _pip(run, cmd, args, read)
        elif cmd.name in ("conda", "mamba", "micromamba"):
            yield from _conda(run, cmd)


def pip_args(cmd: Command) -> tuple[str, list[Word]] | None:
    """(subcommand, its arguments) when `cmd` runs pip, uv pip, pip-sync or pipx."""
    name, args = cmd.name, cmd.args
    if re.fullmatch(r"python[0-9.]*|py", name):
        texts = [a.text for a in args]
        if "-m" in texts and texts.index("-m") + 1 < len(texts) and texts[texts.index("-m") + 1] in ("pip", "pipx"):
            at = texts.index("-m")
            return _sub(texts[at + 1], args[at + 2:])
        if texts[:1] in (["-mpip"], ["-mpipx"]):
            return _sub(texts[0][2:], args[1:])
        return None
    if re.fullmatch(r"pip[0-9.]*", name):
        return _sub("pip", args)
    if name == "pipx":
        return _sub("pipx", args)
    if name == "pip-sync":
        return "sync", args
    if name == "uv":
        opts = options(args, frozenset({"--directory", "--project", "--cache-dir", "--config-file", "--python"}), "")
        pos = [w.text for w in opts.positional]
        if pos[:1] == ["pip"] and len(pos) > 1:
            at = next(i for i, a in enumerate(args) if a.text == pos[1] and i > 0)
            return pos[1], args[at + 1:]
        if pos[:2] == ["tool", "install"]:
            at = next(i for i, a in enumerate(args) if a.text == "install")
            return "pipx-install", args[at + 1:]
    return None


def _sub(tool: str, args: list[Word]) -> tuple[str, list[Word]] | None:
    opts = options(args, _PIP_LONG, _PIP_SHORT)
    if not opts.positional:
        return None
    sub = opts.positional[0]
    at = next(i for i, a in enumerate(args) if a is sub)
    if tool == "pipx":
        return ("pipx-install", args[at + 1:]) if sub.text == "install" else None
    return sub.text, args[at + 1:]


def _pip(run: Run, cmd: Command, sub_args: tuple[str, list[Word]], read: Reader) -> Iterator[Violation]:
    sub, args = sub_args
    if sub not in ("install", "download", "wheel", "sync", "pipx-install"):
        return
    opts = options(args, _PIP_LONG, _PIP_SHORT)
    files = opts.get("-r", "--requirement") + ([w.text for w in opts.positional if w.literal] if sub == "sync" else [])
    specs = [] if sub == "sync" else [w for w in opts.positional if w.literal]
    specs += [Word(e, True) for e in opts.get("-e", "--editable")]
    if sub == "pipx-install":
        specs += [Word(s, True) for s in opts.get("--spec")]
    hashes = opts.has("--require-hashes")
    pinned_names: set[str] = set()
    problems: list[str] = []
    for path in opts.get("-c", "--constraint"):
        where, text = read(path, run)
        if text is not None:
            pinned_names |= _constraint_pins(text)
    for path in files:
        problems.extend(_requirements_file(path, run, read, hashes, pinned_names))
    loose = [s.text for s in specs if spec_problem(s.text, pinned_names) is not None]
    if loose:
        problems.insert(0, ", ".join(loose[:6]) + (" ..." if len(loose) > 6 else ""))
    eaten = redirected_constraints(cmd)
    if eaten:
        problems.append(eaten)
    if problems:
        tool = f"pip {sub}" if sub != "pipx-install" else ("uv tool install" if cmd.name == "uv" else "pipx install")
        token = loose[0] if loose else (files[0] if files else cmd.argv[0].text)
        yield Violation(UNPINNED_LANGUAGE_PACKAGE, run.instruction, f"`{tool}` of packages without exact versions: {'; '.join(problems)}; pin `name==version` or use `--require-hashes -r requirements.txt`", token, cmd.point)


def redirected_constraints(cmd: Command) -> str:
    """What unquoted `>=`/`<` version constraints did: they are shell redirects, not arguments."""
    eaten = [(before, op, target) for before, op, target, adjacent in cmd.redirects
             if adjacent and op in (">", ">>", "<") and re.match(r"^=?[\d*]", target)]
    if not eaten:
        return ""
    shown = ", ".join(f"`{before}{op}{target}`" for before, op, target in eaten[:3])
    before, op, target = eaten[0]
    redirect = f"input from a file named `{target}`" if op == "<" else f"output to a file named `{target}`"
    return (f"{shown} {'is' if len(eaten) == 1 else 'are'} unquoted, so the shell reads `{op}` as a redirect "
            f"(of pip's {redirect}) and the version constraint is dropped: the package is installed at whatever "
            f"version is newest; quote the spec and pin it exactly (`'{before}=={target.lstrip('=')}'`)")


def spec_problem(spec: str, pinned_names: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    """None when `spec` installs fixed content, else a short reason."""
    if _is_local(spec):
        return None
    if spec.startswith(_VCS) or re.match(r"^[a-z][a-z0-9+.-]*://", spec):
        return _url_problem(spec)
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    try:
        req = Requirement(spec)
    except InvalidRequirement:
        return "not a valid requirement"
    if req.url:
        return _url_problem(req.url)
    pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
    if pins:
        return None
    if canonicalize_name(req.name) in pinned_names:
        return None
    return "no version" if not req.specifier else f"range {req.specifier}"


def _is_local(spec: str) -> bool:
    if "://" in spec or spec.startswith(_VCS) or " @ " in spec:
        return spec.startswith("file:")
    return spec.startswith((".", "/", "~")) or spec.endswith((".whl", ".tar.gz", ".zip", ".tar.bz2")) or spec.endswith("/")


def _url_problem(url: str) -> str | None:
    if url.startswith(_VCS):
        path = url.split("#", 1)[0]
        ref = path.rsplit("@", 1)[1] if "@" in path.split("://", 1)[-1].split("/", 1)[-1] else ""
        return None if _COMMIT.match(ref) else "VCS URL without a full commit"
    if url.startswith("file:"):
        return None
    return None if _HASH.search(url) else "URL without #sha256="


def _requirements_file(path: str, run: Run, read: Reader, hashes: bool, pinned: set[str], depth: int = 0) -> list[str]:
    where, text = read(path, run)
    if text is None:
        return [] if hashes else [f"{path} is not in the build context, so its pins cannot be checked"]
    lines = list(_logical_lines(text))
    if hashes or any("--hash" in line or line.startswith("--require-hashes") for _, line in lines):
        return []
    out: list[str] = []
    for number, line in lines:
        head = line.split()[0]
        include = re.match(r"^(--requirement|--constraint|-r|-c)[=\s]*(\S+)$", line)
        if include:
            nested = posixpath.normpath(posixpath.join(posixpath.dirname(path), include.group(2)))
            if include.group(1) in ("-c", "--constraint"):
                pinned |= _constraint_pins(read(nested, run)[1] or "")
            elif depth < MAX_INCLUDES:
                out.extend(_requirements_file(nested, run, read, hashes, pinned, depth + 1))
            continue
        if head in ("-e", "--editable"):
            line = line.split(None, 1)[1] if " " in line else ""
        elif line.startswith("-"):
            continue  # --index-url and other options
        spec = line.split(" --", 1)[0].strip()
        if spec and (reason := spec_problem(spec, pinned)) is not None:
            out.append(f"{where}:{number} {spec} ({reason})")
    return out


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        if buffer.strip():
            yield start, buffer.strip()
        buffer = ""
    if buffer.strip():
        yield start, buffer.strip()


def _constraint_pins(text: str) -> set[str]:
    from packaging.utils import canonicalize_name

    out = set()
    for _, line in _logical_lines(text):
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*[^*,;\s]+\s*(;.*)?$", line.split(" --", 1)[0])
        if match:
            out.add(canonicalize_name(match.group(1)))
    return out


def _conda(run: Run, cmd: Command) -> Iterator[Violation]:
    opts = options(cmd.args, frozenset({"--channel", "--name", "--prefix", "--file", "--root-prefix"}), "cnprf")
    pos = [w for w in opts.positional if w.literal]
    if not pos or pos[0].text not in ("install", "create", "update", "upgrade"):
        return
    loose = [w.text for w in pos[1:] if not re.match(r"^[^=<>*|,]+==?[^=<>*|,]*\d[^<>*|,]*$", w.text)]
    if pos[0].text in ("update", "upgrade") and (opts.has("--all") or not pos[1:]):
        loose = ["--all"]
    if loose:
        yield Violation(UNPINNED_LANGUAGE_PACKAGE, run.instruction, f"`{cmd.name} {pos[0].text}` of packages without exact versions: {', '.join(loose[:6])}; pin `name=version=build` or `name==version`", loose[0], cmd.point)
