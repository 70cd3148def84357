"""The `dockerfile` hook: the task's Dockerfile must build the same environment every time.

`analyse(text, context)` is the pure core: BuildKit's parser reads the Dockerfile
(`dockerfile_parse`), tree-sitter-bash reads each RUN (`dockerfile_shell`), and one helper module
per concern judges the result:

- `dockerfile_images`: base images pinned by digest (DKR001, DKR002)
- `dockerfile_packages`: OS packages and upgrades (DKR003, DKR004)
- `dockerfile_pip`, `dockerfile_langpkg`: language packages (DKR005)
- `dockerfile_context`: ADD of URLs and ground truth copied into the image (DKR006, DKR011)
- `dockerfile_remote`: curl|sh, unverified downloads, unpinned clones (DKR007-DKR009)
- `dockerfile_nondeterminism`: clock and entropy in layers (DKR010)

Every finding is at the offending instruction's first line. The build context is the task
directory.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from taskgate.hooks.rules.dockerfile import aptvolatile
from taskgate.hooks.rules.dockerfile.reading import context as contexts
from taskgate.hooks.rules.dockerfile import images as dockerfile_images
from taskgate.hooks.rules.dockerfile import langpkg as dockerfile_langpkg
from taskgate.hooks.rules.dockerfile import nondeterminism as dockerfile_nondeterminism
from taskgate.hooks.rules.dockerfile import packages as dockerfile_packages
from taskgate.hooks.rules.dockerfile import pip as dockerfile_pip
from taskgate.hooks.rules.dockerfile import remote as dockerfile_remote
from taskgate.hooks.core.context import Context
from taskgate.hooks.rules.dockerfile.reading.context import BuildContext, Copies, DockerIgnore
from taskgate.hooks.rules.dockerfile.reading.parse import Dockerfile, DockerfileError, Env, Violation, Instruction, expand, mounts, parse, stage_envs
from taskgate.hooks.rules.dockerfile.rules import UNPARSABLE
from taskgate.hooks.rules.dockerfile.reading.shell import SHELLS, Run, Script, parse_argv, parse_script
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import LoadError, decode_text
from taskgate.hooks.core.registry import task_check
from taskgate.hooks.rules.dockerfile import pipefail, secrets
from taskgate.hooks.rules.dockerfile.reading import stages
from taskgate.hooks.rules.dockerfile.reading.positions import Locator
from taskgate.hooks.workspace.task import Task

DOCKERFILE = "Dockerfile"
_HEREDOC_ONLY = re.compile(r"^<<-?\s*([\"']?)[A-Za-z_][\w.-]*\1$")


@dataclass(frozen=True, order=True)
class Result:
    line: int
    column: int
    code: str
    message: str


@dataclass
class _StageState:
    copies: Copies = field(default_factory=Copies)
    workdir: str = "/"
    snapshot: bool = False
    shell: tuple[str, ...] | None = None
    windows: bool = False
    base: str = ""


def analyse(text: str, context: BuildContext | None = None) -> list[Result]:
    """All findings for one Dockerfile, sorted; never raises on bad input."""
    context = context or BuildContext()
    if "\0" in text:
        return [Result(1, 1, UNPARSABLE, "the Dockerfile is binary (it holds NUL bytes)")]
    try:
        df = parse(text)
    except DockerfileError as exc:
        return [Result(exc.line, 1, UNPARSABLE, exc.message)]
    locators: dict[int, Locator] = {}
    hits = list(_hits(df, context, locators))
    out = set()
    for h in hits:
        ins = h.instruction
        locator = locators.get(ins.line) or Locator(df.lines, ins.line, ins.end_line, df.escape)
        if h.at is None and ins.line == ins.end_line:
            line, column = ins.line, df.column(ins, h.token)
        else:
            line, column = locator.position(h.token, h.at)
        out.add(Result(line, column, h.code, h.message))
    return sorted(out)


def _hits(df: Dockerfile, context: BuildContext, locators: dict[int, Locator]) -> Iterator[Violation]:
    env_at = stage_envs(df)
    ignore = DockerIgnore(context.read(".dockerignore"))
    yield from dockerfile_images.check(df, env_at)
    yield from stages.check(df, env_at)
    states: dict[int, _StageState] = {}
    all_runs: list[Run] = []
    for stage in df.stages:
        parent = states.get(stage.parent) if stage.parent is not None else None
        state = _StageState(Copies(list(parent.copies.pairs)), parent.workdir, parent.snapshot, parent.shell, parent.windows, parent.base) if parent else _StageState(
            windows=re.search(r"windows|servercore|nanoserver", stage.image, re.IGNORECASE) is not None, base=stage.image,
        )
        runs: list[Run] = []
        for ins in stage.instructions:
            env = env_at.get(ins.line, {})
            if ins.cmd == "WORKDIR" and ins.args:
                state.workdir = posixpath.normpath(posixpath.join(state.workdir, expand(ins.args[0], env, df.escape)[0]))
            elif ins.cmd == "SHELL" and ins.json and ins.args:
                state.shell = tuple(ins.args)
            elif ins.cmd in ("COPY", "ADD"):
                yield from contexts.check_copy(ins, env, df, context, ignore)
                state.snapshot = state.snapshot or _record_copies(ins, env, df, state, context)
            elif ins.cmd == "RUN":
                run, locators[ins.line] = _run(ins, env, state, df)
                runs.append(run)
                state.snapshot = state.snapshot or dockerfile_packages.snapshot_evidence(run)
                yield from _check_run(run, state, context, ignore)
                yield from pipefail.check(run, state.shell)
        yield from dockerfile_remote.check_clones(runs)
        all_runs.extend(runs)
        states[stage.index] = state
    yield from secrets.check(df, all_runs)


def _check_run(run: Run, state: _StageState, context: BuildContext, ignore: DockerIgnore) -> Iterator[Violation]:
    copies = Copies(list(state.copies.pairs))
    for mount in run.mounts:
        if mount.get("type") == "bind" and "from" not in mount and "target" in mount:
            copies.add(contexts.context_path(mount.get("source", ".")), posixpath.normpath(posixpath.join(run.workdir, mount["target"])))

    def read(path: str, _run: Run) -> tuple[str, str | None]:
        image_path = posixpath.normpath(posixpath.join(run.workdir, path))
        rel = copies.locate(image_path, context)
        if rel is None and not path.startswith("/") and posixpath.normpath(path) in context.names:
            rel = posixpath.normpath(path)
        return (rel or path), (context.read(rel) if rel else None)

    yield from dockerfile_packages.check(run, state.snapshot)
    yield from dockerfile_pip.check(run, read)
    copied = {posixpath.basename(source) for source, _ in copies.pairs}

    def has_file(name: str) -> bool:
        # In the context, or named by a COPY: then the build fails without it, so it is there.
        return context.has_basename(name) or name in copied

    yield from dockerfile_langpkg.check(run, has_file)
    yield from dockerfile_remote.check_downloads(run)
    yield from dockerfile_nondeterminism.check(run)
    yield from aptvolatile.check(run)
    yield from contexts.check_mounts(run, context, ignore)


def _record_copies(ins: Instruction, env: Env, df: Dockerfile, state: _StageState, context: BuildContext) -> bool:
    """Note where context files land; True when one of them points apt at a snapshot."""
    snapshot = any(host in h.content for h in ins.heredocs for host in dockerfile_packages.SNAPSHOT_HOSTS)
    found = contexts.copy_sources(ins, env, df.escape)
    if found is None:
        return snapshot
    sources, dest = found
    dest = posixpath.normpath(posixpath.join(state.workdir, dest))
    for source in sources:
        rel = contexts.context_path(source)
        state.copies.add(rel, dest)
        text = context.read(rel)
        if text and any(host in text for host in dockerfile_packages.SNAPSHOT_HOSTS):
            snapshot = True
    return snapshot


def _run(ins: Instruction, env: Env, state: _StageState, df: Dockerfile) -> tuple[Run, Locator]:
    locator = Locator(df.lines, ins.line, ins.end_line, df.escape)
    return Run(ins, _script(ins, env, state, locator), env, state.workdir, mounts(ins), state.base), locator


def _script(ins: Instruction, env: Env, state: _StageState, locator: Locator) -> Script | None:
    """The RUN's commands; `locator` learns which text they were read from (for positions)."""
    if ins.json:
        return parse_argv(list(ins.args), env)
    shell = state.shell
    if (shell is not None and os.path.basename(shell[0]).lower() not in SHELLS) or (shell is None and state.windows):
        return None  # PowerShell or cmd: not read
    command = ins.args[0] if ins.args else ""
    if not ins.heredocs:
        locator.script = command
        return parse_script(command, env)
    if len(ins.heredocs) == 1 and _HEREDOC_ONLY.match(command.strip()):
        body = ins.heredocs[0].content
        interpreter = body.split("\n", 1)[0] if body.startswith("#!") else ""
        if interpreter and not any(re.search(rf"\b{s}\b", interpreter) for s in SHELLS):
            return Script()  # a Python or Perl script: not shell
        locator.script, locator.heredoc_from = body, ins.line + 1
        return parse_script(body, env)
    full = command + "".join(f"\n{h.content}{h.name}" for h in ins.heredocs)
    locator.script = full
    return parse_script(full, env)


# -- the hook ------------------------------------------------------------------------------------


def task_context(task: Task) -> BuildContext:
    def reader(rel: str) -> str | None:
        text = task.text(rel)
        return None if isinstance(text, LoadError) else text

    return BuildContext(frozenset(task.entries), reader)


@task_check("dockerfile")
def check_dockerfile(task: Task, ctx: Context) -> Iterator[Finding]:
    entry = task.entries.get(DOCKERFILE)
    if entry is None or not (entry.is_regular or entry.is_symlink):
        return  # LAY001 / LAY007 report a missing or odd Dockerfile
    if entry.is_symlink and not os.path.realpath(task.dir / DOCKERFILE).startswith(os.path.realpath(task.dir) + os.sep):
        return  # LAY004 reports a symlink leaving the task
    where = task.path(DOCKERFILE)
    text = task.text(DOCKERFILE)
    if isinstance(text, LoadError):
        yield finding(UNPARSABLE, where, f"Dockerfile {text.message}", text.line, text.column)
        return
    for r in analyse(text, task_context(task)):
        yield finding(r.code, where, r.message, r.line, r.column)


def analyse_file(path: Path, context_dir: Path | None = None, max_size: int = 1 << 20) -> list[Result]:
    """A Dockerfile outside any task; its build context is `context_dir` (default: its directory)."""
    from taskgate.hooks.workspace.reading import read_limited

    raw = read_limited(path, max_size)
    text = raw if isinstance(raw, LoadError) else decode_text(raw)
    if isinstance(text, LoadError):
        return [Result(text.line, text.column, UNPARSABLE, f"Dockerfile {text.message}")]
    root = context_dir or path.parent

    def reader(rel: str) -> str | None:
        data = read_limited(root / rel, max_size)
        decoded = data if isinstance(data, LoadError) else decode_text(data)
        return None if isinstance(decoded, LoadError) else decoded

    return analyse(text, BuildContext(_context_names(root), reader))


def _context_names(root: Path, limit: int = 20_000) -> frozenset[str]:
    """Files below `root` (at most `limit`, junk directories skipped, symlinks not followed)."""
    from taskgate.hooks.workspace.listing import walk_files

    return frozenset(walk_files(root, limit=limit))