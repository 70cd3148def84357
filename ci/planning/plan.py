"""Which tasks a change touches: the plan a pull request's checks run on.

Between the merge base of `base` and `head` (two commits), every changed path is mapped to the
task directory it lies in. A task is *added*, *modified*, *deleted* or *renamed* (a task directory
moved to a new id is one task, checked under its new id). Some changes can alter the result of
every task and select all of them:

- `taskgate.yaml` (the configuration, including `tasks_root`);
- the toolchain pin: the taskgate hooks' entry (its `rev:`) in `.pre-commit-config.yaml`, and
  any workflow under `.github/workflows/` that mentions taskgate (they hold the pinned ref the
  checks run with);
- the configured `plan.global_paths` (shared base-image files and the like).

In a shallow clone the merge base may be missing; the planner then says how much history it
has and what to fetch instead of guessing. When it is present, `fetch_depth` in the plan says
how deep a clone of `base` and `head` must be for the same plan.
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace.config import CONFIG_NAME, Config, parse_config
from taskgate.hooks.workspace.loaders import load_yaml
from taskgate.hooks.core.errors import UsageError

PRECOMMIT = ".pre-commit-config.yaml"
WORKFLOWS = ".github/workflows/"
SYMLINK_MODE = 0o120000
TREE_MODE = 0o040000


@dataclass(frozen=True, order=True)
class TaskChange:
    """One task's change. `task` is its id at head (at base when deleted)."""

    task: str
    change: str  # added | modified | renamed | deleted
    previous: str | None = None  # the old id of a renamed task

    def as_dict(self, tasks_root: str) -> dict[str, Any]:
        out: dict[str, Any] = {"task": self.task, "path": f"{tasks_root}/{self.task}", "change": self.change}
        if self.previous is not None:
            out["from"] = f"{tasks_root}/{self.previous}"
        return out


@dataclass
class Plan:
    base: str | None  # the merge base's sha (None for --all)
    head: str
    tasks_root: str
    all: bool
    reasons: list[str] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)  # ids to check at head, sorted
    fetch_depth: int | None = None

    @property
    def deleted(self) -> list[str]:
        return sorted(c.task for c in self.changes if c.change == "deleted")

    def paths(self) -> list[str]:
        return [f"{self.tasks_root}/{t}" for t in self.tasks]


# --- git access -----------------------------------------------------------------------------

def open_repo(start: Path) -> Any:
    import git  # GitPython: imported here, the static checks never need it

    try:
        return git.Repo(start, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"{start}: not inside a git repository") from None


def _is_shallow(repo: Any) -> bool:
    return repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def resolve(repo: Any, ref: str, what: str) -> Any:
    import git

    try:
        return repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        hint = " (this clone is shallow: fetch it, e.g. `git fetch --depth=1 origin <branch>`)" if _is_shallow(repo) else " (fetch it first?)"
        raise UsageError(f"{what} {ref!r} is not a commit in this repository{hint}") from None


def _history_size(repo: Any, commit: Any) -> int:
    return int(repo.git.rev_list("--count", commit.hexsha))


def merge_base(repo: Any, base: Any, head: Any) -> Any:
    found = repo.merge_base(base, head)
    if found:
        return found[0]
    if _is_shallow(repo):
        raise UsageError(
            f"the merge base of {base.hexsha[:12]} and {head.hexsha[:12]} is not in this shallow clone "
            f"(head reaches {_history_size(repo, head)} commit(s), base {_history_size(repo, base)}): "
            "fetch the whole history (actions/checkout `fetch-depth: 0`, or `git fetch --unshallow`), "
            "or check out the pull request's merge commit with `fetch-depth: 2` and plan with `--base HEAD^1`"
        )
    raise UsageError(f"{base.hexsha[:12]} and {head.hexsha[:12]} share no history")


def _distance(repo: Any, tip: Any, target: Any) -> int:
    """Fewest parent steps from `tip` back to its ancestor `target` (what a shallow fetch counts)."""
    if tip.hexsha == target.hexsha:
        return 0
    # Every commit on a path from tip down to target is in the ancestry path between them.
    parents: dict[str, list[str]] = {}
    for line in repo.git.rev_list("--parents", "--ancestry-path", f"{target.hexsha}..{tip.hexsha}").splitlines():
        sha, *rest = line.split()
        parents[sha] = rest
    seen = {tip.hexsha}
    queue = deque([(tip.hexsha, 0)])
    while queue:
        sha, dist = queue.popleft()
        for parent in parents.get(sha, ()):
            if parent == target.hexsha:
                return dist + 1
            if parent not in seen:
                seen.add(parent)
                queue.append((parent, dist + 1))
    return len(parents)  # pragma: no cover - target is an ancestor, so BFS finds it


def _blob_bytes(commit: Any, path: str) -> bytes | None:
    try:
        obj = commit.tree / path
    except KeyError:
        return None
    if obj.type != "blob":
        return None
    return obj.data_stream.read()


def _join(prefix: str, path: str) -> str:
    return f"{prefix}/{path}" if prefix else path


def config_at(commit: Any, prefix: str = "") -> Config:
    raw = _blob_bytes(commit, _join(prefix, CONFIG_NAME))
    return Config() if raw is None else parse_config(raw)


def tasks_at(commit: Any, tasks_root: str) -> set[str]:
    """Task ids at a commit: directories (and symlinks, which layout rejects) under the root."""
    try:
        tree = commit.tree / tasks_root
    except KeyError:
        return set()
    if tree.type != "tree":
        return set()
    out = set()
    for entry in tree:
        if entry.name.startswith("."):
            continue
        if entry.mode == TREE_MODE or entry.mode == SYMLINK_MODE:
            out.add(entry.name)
    return out


# --- what selects every task ----------------------------------------------------------------

def _taskgate_hooks(raw: bytes | None) -> str | None:
    """The taskgate entries of a .pre-commit-config.yaml, canonical JSON; "?" when unreadable."""
    if raw is None:
        return None
    loaded = load_yaml(raw.decode("utf-8", "replace"))
    if not loaded.ok or not isinstance(loaded.data, dict):
        return "?"
    entries = []
    for repo in loaded.data.get("repos") or []:
        if not isinstance(repo, dict):
            continue
        hooks = repo.get("hooks") or []
        if any(isinstance(h, dict) and str(h.get("id", "")).startswith("taskgate") for h in hooks):
            entries.append(repo)
    return json.dumps(entries, sort_keys=True, default=str)


def _matches(path: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    return fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern + "/")


def global_reasons(diffs: list[Any], base: Any, head: Any, config: Config, prefix: str = "") -> list[str]:
    """Why every task must be checked (empty: only the touched ones). Paths are git-root relative;
    `prefix` is where the dataset (its taskgate.yaml) lies in the git repository."""
    reasons: set[str] = set()
    patterns = [_join(prefix, str(p)) for p in config.section("plan").get("global_paths") or []]
    for d in diffs:
        for path in sorted({p for p in (d.a_path, d.b_path) if p}):
            if path == _join(prefix, CONFIG_NAME):
                reasons.add(f"{path} changed")
            elif path == PRECOMMIT:
                if _taskgate_hooks(_blob_bytes(base, path)) != _taskgate_hooks(_blob_bytes(head, path)):
                    reasons.add(f"the taskgate pin in {PRECOMMIT} changed")
            elif path.startswith(WORKFLOWS):
                texts = (_blob_bytes(base, path) or b"", _blob_bytes(head, path) or b"")
                if any(b"taskgate" in t.lower() for t in texts):
                    reasons.add(f"{path} (a workflow that runs taskgate) changed")
            for pattern in patterns:
                if _matches(path, pattern):
                    reasons.add(f"{path} changed (plan.global_paths: {pattern})")
    return sorted(reasons)


# --- tasks touched ---------------------------------------------------------------------------

def _task_of(path: str | None, tasks_root: str) -> str | None:
    prefix = tasks_root + "/"
    if not path or not path.startswith(prefix):
        return None
    task_id = path[len(prefix):].split("/", 1)[0]
    return None if task_id.startswith(".") else task_id


def _pair_renames(diffs: list[Any], deleted: set[str], added: set[str], roots: tuple[str, str], sizes: dict[str, int]) -> dict[str, str]:
    """New id -> old id for task directories that moved.

    A deleted and an added task are one renamed task when git pairs more than half of the
    larger one's files as renames between them (git's test: at least 50% similar content;
    identical files are always paired, even past `diff.renameLimit` on a huge diff).
    """
    moved: dict[tuple[str, str], int] = {}
    for d in diffs:
        if d.renamed_file:
            old, new = _task_of(d.rename_from, roots[0]), _task_of(d.rename_to, roots[1])
            if old in deleted and new in added:
                moved[(old, new)] = moved.get((old, new), 0) + 1
    scores = sorted(
        (-count, old, new)
        for (old, new), count in moved.items()
        if 2 * count > max(sizes[f"-{old}"], sizes[f"+{new}"])
    )
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for _score, old, new in scores:
        if old not in used and new not in pairs:
            pairs[new] = old
            used.add(old)
    return pairs


def plan_changes(repo: Any, base_ref: str, head_ref: str = "HEAD", prefix: str = "") -> Plan:
    """The plan for `head` against its merge base with `base`, for the dataset at `prefix`."""
    head = resolve(repo, head_ref, "head")
    base = resolve(repo, base_ref, "--base")
    mb = merge_base(repo, base, head)
    head_config, base_config = config_at(head, prefix), config_at(mb, prefix)
    roots = (_join(prefix, base_config.tasks_root), _join(prefix, head_config.tasks_root))
    diffs = list(mb.diff(head))
    base_tasks, head_tasks = tasks_at(mb, roots[0]), tasks_at(head, roots[1])

    touched_old = {t for d in diffs if (t := _task_of(d.a_path, roots[0]))}
    touched_new = {t for d in diffs if (t := _task_of(d.b_path, roots[1]))}
    deleted = {t for t in touched_old if t in base_tasks and t not in head_tasks}
    added = {t for t in touched_new if t in head_tasks and t not in base_tasks}
    modified = {t for t in touched_old | touched_new if t in base_tasks and t in head_tasks}
    sizes = Counter(f"-{t}" for d in diffs if (t := _task_of(d.a_path, roots[0])) in deleted)
    sizes.update(f"+{t}" for d in diffs if (t := _task_of(d.b_path, roots[1])) in added)
    renames = _pair_renames(diffs, deleted, added, roots, sizes)

    changes = [TaskChange(t, "modified") for t in modified]
    changes += [TaskChange(new, "renamed", old) for new, old in renames.items()]
    changes += [TaskChange(t, "added") for t in added if t not in renames]
    changes += [TaskChange(t, "deleted") for t in deleted if t not in renames.values()]
    changes.sort()

    reasons = global_reasons(diffs, mb, head, head_config, prefix)
    selected = sorted(head_tasks) if reasons else sorted(c.task for c in changes if c.change != "deleted")
    depth = max(_distance(repo, head, mb), _distance(repo, base, mb)) + 1
    return Plan(mb.hexsha, head.hexsha, head_config.tasks_root, bool(reasons), reasons, changes, selected, depth)


def plan_all(repo: Any, head_ref: str = "HEAD", prefix: str = "", reason: str = "every task requested (--all)") -> Plan:
    head = resolve(repo, head_ref, "head")
    root = config_at(head, prefix).tasks_root
    return Plan(None, head.hexsha, root, True, [reason], [], sorted(tasks_at(head, _join(prefix, root))), 1)


def dataset_prefix(repo: Any, start: Path) -> str:
    """Where the dataset holding `start` (its nearest taskgate.yaml, else the git root) lies."""
    from taskgate.hooks.workspace.repo import find_root

    top = Path(repo.working_tree_dir).resolve()
    root = find_root(start)
    try:
        rel = root.relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel
