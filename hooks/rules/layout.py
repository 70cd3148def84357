"""Layout rules: which entries a task directory must and may hold, and what they may be."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.environment import environment_entries
from taskgate.hooks.workspace.loaders import LoadError, decode_text
from taskgate.hooks.workspace.reading import human_size
from taskgate.hooks.workspace.schema import PATTERN_WORDS
from taskgate.hooks.workspace.task import CODE_DIRS, PROMPT, TASK_YAML, Task

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")


def id_rule() -> str:
    """What a task id must be, in words, then as the pattern (from the task schema)."""
    spec = resources.schema("task.schema.json")["properties"]["id"]
    return f"{spec[PATTERN_WORDS]} (pattern {spec['pattern']})"

CALIBRATION = "calibration.json"

MISSING = rule(
    "LAY001", "missing-entry", hook="layout",
    summary="A file or directory the task's category requires is missing or empty.",
    rationale="""Every task is ingested by the same machinery: the prompt, the ground truth, the
    reward tests and the environment must all be where the contract says, or the task cannot be
    built, run or calibrated. Empty directories are not committed by git, so they count as missing.""",
    fix="""Add the entry (see the task contract in the README, or start from `taskgate new`).
    Category `testing` needs subject/ and meta/mutants/ instead of tests/; a `ready` task needs
    calibration.json (`taskgate calibrate`).""",
)
UNKNOWN = rule(
    "LAY002", "unknown-entry", hook="layout",
    summary="A top-level entry of the task directory is not part of the task contract.",
    rationale="""Stray files (notes, scratch scripts, caches) end up in the Docker build context and in
    exported data, and often hide a misnamed required entry (`test/` for `tests/`). Environment
    files are part of the contract: `.dockerignore`, the dependency manifests and lockfiles of the
    supported languages (requirements*.txt, package-lock.json, go.sum, Cargo.lock, pom.xml, ...)
    and whatever the Dockerfile COPY/ADDs from the task directory by name; they are hashed and
    sent to the build with the task.""",
    fix="""Remove or rename the entry; if the image needs it, COPY it in the Dockerfile. A repository
    that wants an extra file in every task lists it under `allow_extra_entries` in taskgate.yaml.""",
    limits="""`COPY . .` or `COPY * ./` name no entry in particular, so they make nothing an
    environment file; nor does a source built from a variable (`COPY ${REQS} .`). Name the files
    the image needs.""",
)
ID_MISMATCH = rule(
    "LAY003", "id-mismatch", hook="layout",
    summary="The task directory's name is not a valid task id or differs from `id` in task.yaml.",
    rationale="""Task ids key calibration records, image tags, exports and reports; a directory
    whose name disagrees with its id makes two names for one task.""",
    fix="""Rename the directory or fix `id` so both are the same string matching
    ^[a-z0-9][a-z0-9-]{2,63}$.""",
)
SYMLINK = rule(
    "LAY004", "symlink-escape", hook="layout",
    summary="A symlink leaves the task directory (or the repository) or does not resolve.",
    rationale="""A task must be self-contained: a link to a file elsewhere (or to /etc/passwd) makes
    the task's content depend on the machine that reads it, and leaks files into builds and exports.""",
    fix="Replace the symlink with a copy of the file, or point it at a file inside the same task.",
)
TOO_LARGE = rule(
    "LAY005", "file-too-large", hook="layout",
    summary="A file is larger than the configured limit (default 1 MiB).",
    rationale="""Tasks are prompts and code read by people and models; a large file is almost always a
    data dump, a build artefact or a vendored dependency, which bloats the repository forever.""",
    fix="""Shrink or remove the file; generate large test inputs inside the test from a seeded
    generator. Raise `max_file_size` in taskgate.yaml only if the whole dataset needs it.""",
)
BINARY = rule(
    "LAY006", "binary-file", hook="layout",
    summary="A file in solution/, tests/ or subject/ is not UTF-8 text.",
    rationale="""Code the model reads or is judged by must be reviewable text; binaries (compiled
    objects, pickles, archives) can hide behaviour that no reviewer or static rule can see.""",
    fix="Commit the source instead of the binary, and re-encode text files as UTF-8.",
)
WRONG_KIND = rule(
    "LAY007", "wrong-kind", hook="layout",
    summary="A contract entry has the wrong kind: a directory where a file belongs, or the reverse.",
    rationale="""Tools open task.yaml, prompt.md, Dockerfile and calibration.json as files and walk
    solution/, tests/, subject/ and meta/ as directories; the wrong kind breaks every later stage.""",
    fix="Make the entry the kind the task contract names.",
)
FEW_MUTANTS = rule(
    "LAY008", "too-few-mutants", hook="layout",
    summary="A `testing` task has fewer meta/mutants/*.patch files than required (default 3).",
    rationale="""For test-writing tasks the meta-tests are the mutants: a candidate test suite is only
    rewarded if it kills faulty variants of the subject. With too few mutants a weak suite passes.""",
    fix="""Add unified diffs against subject/ under meta/mutants/, one realistic bug each (an off-by-one,
    a flipped comparison, a dropped edge case). `min_mutants` in taskgate.yaml sets the number.""",
)

ALWAYS = {TASK_YAML: "file", PROMPT: "file", "solution": "dir", "Dockerfile": "file"}
OPTIONAL = {"calibration": "dir", CALIBRATION: "file", "tests": "dir", "subject": "dir", "meta": "dir"}


def required_entries(task: Task, ctx: Context) -> dict[str, str]:
    required = dict(ALWAYS)
    if task.category == "testing":
        required.update(subject="dir", meta="dir")
    else:
        required["tests"] = "dir"
    if task.status == "ready":
        required[CALIBRATION] = "file"
    return required


@task_check("layout")
def check_entries(task: Task, ctx: Context) -> Iterator[Finding]:
    top = task.top_level
    required = required_entries(task, ctx)
    allowed = {**OPTIONAL, **ALWAYS, **required}
    extras = set(ctx.config["allow_extra_entries"]) | environment_entries(task)
    for name, kind in sorted(required.items()):
        if name not in top:
            what = "directory" if kind == "dir" else "file"
            why = ""
            if name == CALIBRATION:
                why = " (status is ready; run `taskgate calibrate`)"
            elif name in ("subject", "meta"):
                why = " (category testing)"
            yield finding(MISSING, task.path(name), f"missing required {what} {name}{'/' if kind == 'dir' else ''}{why}")
    for name, kind in sorted(top.items()):
        expected = allowed.get(name)
        if expected is None:
            if name not in extras:
                hint = _near_miss(name, allowed)
                yield finding(UNKNOWN, task.path(name), f"unknown entry {name!r} in task directory{hint}")
        elif kind != "symlink" and expected != kind:
            want = "a directory" if expected == "dir" else "a file"
            yield finding(WRONG_KIND, task.path(name), f"{name} must be {want}, found {'a directory' if kind == 'dir' else 'a ' + kind}")


def _near_miss(name: str, allowed: dict[str, str]) -> str:
    lowered = name.lower().rstrip("/")
    for candidate in allowed:
        c = candidate.lower()
        if lowered in (c.rstrip("s"), c + "s", c.replace(".", "_")) or lowered.replace("-", "_") == c.replace("-", "_"):
            return f"; did you mean {candidate!r}?"
    return "; allowed: " + ", ".join(sorted(allowed)) + ", plus dependency manifests, lockfiles and files the Dockerfile copies"


@task_check("layout")
def check_id(task: Task, ctx: Context) -> Iterator[Finding]:
    if not ID_PATTERN.match(task.id):
        yield finding(ID_MISMATCH, task.path(), f"directory name {task.id!r} is not {id_rule()}")
        return
    declared = task.meta.get("id")
    if isinstance(declared, str) and declared != task.id:
        yield finding(ID_MISMATCH, task.path(TASK_YAML), f"id {declared!r} differs from the directory name {task.id!r}", *task.meta_position(("id",)))


@task_check("layout")
def check_files(task: Task, ctx: Context) -> Iterator[Finding]:
    repo_root = os.path.realpath(ctx.root)
    task_dir = os.path.realpath(task.dir)
    if os.path.islink(task.dir):
        target = os.path.realpath(task.dir)
        if not _inside(target, repo_root):
            yield finding(SYMLINK, task.path(), f"task directory is a symlink to {target}, outside the repository")
            return
    limit = ctx.config["max_file_size"]
    for rel, entry in sorted(task.entries.items()):
        where = task.path(rel)
        if entry.is_symlink:
            yield from _check_symlink(task, rel, where, task_dir, repo_root)
            continue
        if not entry.is_regular:
            yield finding(WRONG_KIND, where, "is not a regular file (a device, socket or FIFO)")
            continue
        if entry.size > limit:
            yield finding(TOO_LARGE, where, f"file is {human_size(entry.size)}, over the {human_size(limit)} limit (max_file_size): "
                          "remove it, or generate the data inside the test from a seeded generator")
            continue
        if entry.top in CODE_DIRS:
            raw = task.read(rel)
            if isinstance(raw, LoadError):
                continue
            decoded = decode_text(raw)
            if isinstance(decoded, LoadError):
                yield finding(BINARY, where, f"file {decoded.message}", decoded.line, decoded.column)


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _check_symlink(task: Task, rel: str, where: str, task_dir: str, repo_root: str) -> Iterator[Finding]:
    link = task.dir / rel
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    resolved = os.path.realpath(link)
    if not _inside(resolved, task_dir):
        scope = "the task directory" if _inside(resolved, repo_root) else "the repository"
        yield finding(SYMLINK, where, f"symlink to {target!r} leaves {scope}")
    elif not os.path.exists(resolved):
        yield finding(SYMLINK, where, f"symlink to {target!r} does not resolve")


@task_check("layout")
def check_mutants(task: Task, ctx: Context) -> Iterator[Finding]:
    if task.category != "testing" or task.top_level.get("meta") != "dir":
        return
    mutants = [e for e in task.files_under("meta/mutants") if e.rel.endswith(".patch") and e.rel.count("/") == 2]
    others = [e for e in task.files_under("meta") if e not in mutants]
    need = int(ctx.config["min_mutants"])
    if len(mutants) < need:
        yield finding(FEW_MUTANTS, task.path("meta/mutants"), f"category testing needs at least {need} meta/mutants/*.patch files, found {len(mutants)}")
    for entry in others:
        yield finding(UNKNOWN, task.path(entry.rel), "meta/ holds only mutants/*.patch files")
