"""The build context (the task directory) and what COPY/ADD take from it (DKR006, DKR011).

Knows which context files end up where in the image, so a `pip install -r /app/req.txt` can be
judged from the file that was copied there, and which COPY/ADD/bind-mount sources would put the
ground truth (solution/, tests/, calibration/, meta/) into the image, honouring .dockerignore.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from taskgate.hooks.rules.dockerfile.reading.parse import Dockerfile, Env, Instruction, Violation, expand
from taskgate.hooks.rules.dockerfile.rules import GROUND_TRUTH_IN_IMAGE, REMOTE_ADD
from taskgate.hooks.rules.dockerfile.reading.shell import Run
from taskgate.hooks.workspace.environment import is_remote

# Entries of a task that are ground truth or grading material, never environment.
GROUND_TRUTH = ("solution", "tests", "calibration", "calibration.json", "meta")
# Single files at the top of a build context that are ground truth or the reward's runner
# (terminal-bench style: `solution.sh`, `run-tests.sh`).
GROUND_TRUTH_FILE = re.compile(r"^(solution|solutions|oracle|reference[-_]solution|solve)(\.[A-Za-z0-9]+)?$|^run[-_]tests?\.(sh|py)$", re.IGNORECASE)
_CHECKSUM = re.compile(r"^sha256:[0-9a-f]{64}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")


@dataclass
class BuildContext:
    """The files `docker build` is given: relative POSIX paths and a way to read them."""

    names: frozenset[str] = frozenset()
    reader: Callable[[str], str | None] = lambda rel: None

    def read(self, rel: str) -> str | None:
        return self.reader(rel) if rel in self.names else None

    def has_basename(self, name: str) -> bool:
        return any(n == name or n.endswith("/" + name) for n in self.names)

    @property
    def tops(self) -> set[str]:
        return {n.split("/", 1)[0] for n in self.names}


@dataclass
class Copies:
    """(context source, absolute image destination) pairs, in build order, for one stage chain."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, source: str, dest: str) -> None:
        self.pairs.append((source, dest))

    def locate(self, image_path: str, context: BuildContext) -> str | None:
        """The context file that ends up at `image_path`, if a COPY/ADD/mount put one there."""
        for source, dest in reversed(self.pairs):
            if source in context.names:  # a file
                if image_path in (dest.rstrip("/"), posixpath.join(dest, posixpath.basename(source))):
                    return source
            elif image_path.startswith(dest.rstrip("/") + "/"):
                rest = image_path[len(dest.rstrip("/")) + 1:]
                candidate = posixpath.normpath(posixpath.join(source, rest))
                if candidate in context.names:
                    return candidate
            elif any(ch in source for ch in "*?["):
                for name in context.names:
                    if fnmatch.fnmatchcase(name, source) and image_path == posixpath.join(dest, posixpath.basename(name)):
                        return name
        return None


def context_path(source: str) -> str:
    """A COPY source as a normalised context-relative path ('.' for the whole context)."""
    return posixpath.normpath("./" + source.lstrip("/")) if source else "."


def copy_sources(ins: Instruction, env: Env, escape: str) -> tuple[list[str], str] | None:
    """Expanded (sources, destination) of a COPY/ADD from the build context, else None."""
    if ins.flag("from") is not None:
        return None
    words = [w for w in ins.args if not w.startswith("<<")]  # heredoc sources are inline text
    if len(words) < 2:
        return None
    expanded = [expand(w, env, escape)[0] for w in words]
    return expanded[:-1], expanded[-1]


def check_copy(ins: Instruction, env: Env, df: Dockerfile, context: BuildContext, ignore: DockerIgnore) -> Iterator[Violation]:
    found = copy_sources(ins, env, df.escape)
    if found is None:
        return
    sources, _ = found
    for source in sources:
        if ins.cmd == "ADD" and is_remote(source):
            yield from _remote_add(ins, source)
            continue
        leaked = _ground_truth(context_path(source), context, ignore)
        if leaked:
            yield Violation(GROUND_TRUTH_IN_IMAGE, ins, f"{ins.cmd} {source} puts {', '.join(leaked)} into the image; the image must hold the environment only (candidates and tests are mounted at run time)", source)


def check_mounts(run: Run, context: BuildContext, ignore: DockerIgnore) -> Iterator[Violation]:
    for mount in run.mounts:
        if mount.get("type") != "bind" or "from" in mount:
            continue
        source = mount.get("source", ".")
        leaked = _ground_truth(context_path(source), context, ignore)
        if leaked:
            yield Violation(GROUND_TRUTH_IN_IMAGE, run.instruction, f"RUN --mount binds {', '.join(leaked)} of the build context into the build; nothing built from it may depend on the ground truth", "--mount")


def _is_ground_truth(top: str, context: BuildContext) -> bool:
    if top in GROUND_TRUTH:
        return True
    return GROUND_TRUTH_FILE.match(top) is not None and top in context.names  # a file, not a directory


def _ground_truth(path: str, context: BuildContext, ignore: DockerIgnore) -> list[str]:
    """The ground-truth entries of the context that COPY/ADD `path` takes (only what the context
    really holds for `.` and globs; a path naming ground truth explicitly needs nothing more)."""
    present = context.tops
    top = path.split("/", 1)[0]
    if path == ".":
        names = sorted(n for n in present if _is_ground_truth(n, context))
    elif any(ch in top for ch in "*?["):
        names = sorted(n for n in present if _is_ground_truth(n, context) and fnmatch.fnmatchcase(n, top))
    elif top in GROUND_TRUTH or GROUND_TRUTH_FILE.match(top):
        names = [top]
    else:
        names = []
    return [n + ("/" if n not in context.names and "." not in n else "") for n in names if not ignore.excludes(n)]


def _remote_add(ins: Instruction, source: str) -> Iterator[Violation]:
    checksum = ins.flag("checksum")
    git = source.startswith(("git@", "git://", "ssh://")) or re.search(r"\.git(#|$)", source) is not None
    if git:
        ref = source.split("#", 1)[1].split(":", 1)[0] if "#" in source else ""
        if not _COMMIT.match(ref) and not (checksum and _COMMIT.match(checksum)):
            yield Violation(REMOTE_ADD, ins, f"ADD {source} takes a git repository at a movable ref; pin the full commit (`#<40-hex sha>`)", source)
    elif not (checksum and _CHECKSUM.match(checksum)):
        what = "a malformed --checksum" if checksum else "no --checksum"
        yield Violation(REMOTE_ADD, ins, f"ADD {source} with {what}; add `--checksum=sha256:<64 hex>` so BuildKit verifies the bytes", source)


class DockerIgnore:
    """`.dockerignore` of the context: which paths `docker build` leaves out (last match wins)."""

    def __init__(self, text: str | None) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in (text or "").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            pattern = posixpath.normpath(line.lstrip("!").strip().lstrip("/")) or "."
            self.rules.append((negate, re.compile(glob_regex(pattern))))

    def excludes(self, top: str) -> bool:
        """True when `top` and everything under it is left out of the context."""
        excluded = False
        for negate, regex in self.rules:
            if regex.fullmatch(top):
                excluded = not negate
            elif negate and regex.pattern.startswith(re.escape(top) + "/"):
                excluded = False  # `!solution/keep.py` brings part of it back
        return excluded


def glob_regex(pattern: str) -> str:
    """A .dockerignore-style glob as a regex: `*` within a name, `**/` any depth, and a match covers
    everything under it (shared with the vendored-path globs of taskgate.yaml)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + "(/.*)?"
