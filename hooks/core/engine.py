"""Runs the registered checks of some hooks over some tasks and returns sorted findings.

Execution strategy (docs/performance.md): a task whose inputs are unchanged since an earlier
run is answered from the cache (`cache.py`, keys from `fingerprint.py`) after nothing more than
an lstat of its files; the other tasks are checked in this process when they are few, or in
forked worker processes, one per CPU, when they are many. The result does not depend on the
strategy: findings are sorted, and a task's findings are the same whoever computed them.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.hooks.core import registry
from taskgate.hooks.core import waivers
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

# Fewer tasks than this to check are not worth starting worker processes for.
PARALLEL_FROM = 48


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    tasks_checked: int = 0
    tasks_cached: int = 0  # how many of them were answered from the cache
    facts: dict[str, Any] = field(default_factory=dict)  # task rel -> what `run(facts=...)` asked

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if severity(f.code) == "error"]


severity = registry.severity


def _enabled(codes: Iterable[str], ctx: Context) -> set[str]:
    disabled = set(ctx.config["disable"])
    out = set()
    for code in codes:
        rule = registry.get(code)
        if rule is not None and ctx.stage in rule.stages and code not in disabled:
            out.add(code)
    return out


def _raw_task_findings(task: Task, ctx: Context, hooks: Sequence[str]) -> list[Finding]:
    raw: list[Finding] = []
    for hook in hooks:
        for fn in registry.task_checks(hook):
            raw.extend(fn(task, ctx))
    return raw


def _finish(task: Task, ctx: Context, raw: list[Finding]) -> list[Finding]:
    """Drop disabled codes and waived findings."""
    enabled = _enabled({f.code for f in raw}, ctx)
    raw = [f for f in raw if f.code in enabled]
    prefix = task.rel + "/"

    def inline_for(path: str) -> list[waivers.Inline]:
        return waivers.inline_waivers(task, path[len(prefix):]) if path.startswith(prefix) else []

    return waivers.apply(raw, ctx, inline_for)


def check_task(task: Task, ctx: Context, hooks: Sequence[str]) -> list[Finding]:
    """All findings of `hooks` on one task, waivers applied."""
    return _finish(task, ctx, _raw_task_findings(task, ctx, hooks))


def check_repo(ctx: Context, hooks: Sequence[str]) -> list[Finding]:
    raw: list[Finding] = []
    for hook in hooks:
        for fn in registry.repo_checks(hook):
            raw.extend(fn(ctx))
    enabled = _enabled({f.code for f in raw}, ctx)
    return waivers.apply([f for f in raw if f.code in enabled], ctx, lambda _path: [])


def make_context(repo: Repo, stage: str, today: _dt.date | None = None) -> Context:
    return Context(root=str(repo.root), config=repo.config, stage=stage, today=today or _dt.date.today())


def default_jobs() -> int:
    """Worker processes: TASKGATE_JOBS, else the CPUs this process may use."""
    explicit = os.environ.get("TASKGATE_JOBS", "").strip()
    if explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(
    repo: Repo,
    paths: Sequence[Path] = (),
    *,
    stage: str = "commit",
    hooks: Sequence[str] = registry.STATIC_HOOKS,
    today: _dt.date | None = None,
    cache: bool = False,
    jobs: int | None = None,
    tasks: Sequence[str] | None = None,
    whole: bool | None = None,
    repo_level: bool = True,
    repo_checks: bool = True,
    facts: Callable[[Task], Any] | None = None,
) -> Report:
    """Check the tasks that `paths` name (all of them when empty) with the given hooks.

    `cache` reuses (and records) per-task results in the cache directory (see cache.py);
    `jobs` bounds the worker processes (default: `default_jobs()`). A caller that has chosen
    the task ids itself passes `tasks` (then `paths` is ignored) and says with `whole` whether
    they are every task of the repository; the repository-level checks then report only on
    those tasks, and on the rest of the repository only with `repo_level` (another process
    reports that: see chunks.py); `repo_checks=False` runs only the per-task checks.
    `facts(task)`, a pure function of the
    task's files returning JSON data, is answered per task in `Report.facts`, cached beside the
    findings (`report` and `export` learn each task's metadata this way). The per-task checks run
    first: the repository-level checks read the task facts their families declared
    (`registry.task_facts`), computed the same way, in `ctx.task_facts`.
    """
    ctx = make_context(repo, stage, today)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    whole = (not paths if tasks is None else False) if whole is None else whole
    if cache:
        from taskgate.hooks.core import scheduler  # the cache and the worker pool, only when used

        opened = scheduler.open_in_background(repo.root, ctx.today_unwatched, preload=whole)
    task_ids = repo.select(list(paths)) if tasks is None else list(tasks)
    ctx.repo, ctx.selected, ctx.use_cache = repo, (None if whole else task_ids), cache
    family = tuple(hooks) if repo_checks and registry.facts_of(hooks) else ()
    asked = TaskFacts(facts, family) if facts is not None or family else None
    # Per-task checks first: the repository-level checks read the task facts they produce.
    if not cache and (jobs == 1 or len(task_ids) < PARALLEL_FROM):
        per_task: list[Finding] = []
        known: dict[str, Any] = {}
        for task_id in task_ids:
            task = repo.task(task_id)
            per_task.extend(check_task(task, ctx, hooks))
            if asked is not None:
                known[task.rel] = json.loads(json.dumps(asked(task), sort_keys=True))
        cached = 0
    else:
        from taskgate.hooks.core import scheduler

        store = opened() if cache else None
        per_task, cached, known = scheduler.check_tasks(repo, task_ids, ctx, tuple(hooks), store=store, jobs=jobs, whole=whole, facts=asked)
    if family:
        ctx.task_facts = {name: {rel: value["family"].get(name) for rel, value in known.items()} for name in registry.facts_of(family)}
    findings: list[Finding] = check_repo(ctx, hooks) if repo_checks else []
    if tasks is not None:
        findings = _owned(findings, repo, task_ids, repo_level)
    findings.extend(per_task)
    caller = {rel: value["caller"] for rel, value in known.items()} if facts is not None else {}
    return Report(sorted(set(findings)), len(task_ids), cached, caller)


@dataclass(frozen=True)
class TaskFacts:
    """What `run` asks of each task besides its findings: the caller's facts and the facts the
    repository-level checks of `hooks` need (`registry.task_facts`). Picklable, for spawned workers."""

    caller: Callable[[Task], Any] | None
    hooks: tuple[str, ...]

    @property
    def parts(self) -> tuple[Callable[[Task], Any], ...]:
        """The functions whose code keys the cached values (scheduler.facts_salt)."""
        return tuple(fn for fn in (self.caller, *registry.facts_of(self.hooks).values()) if fn is not None)

    def __call__(self, task: Task) -> dict[str, Any]:
        return {
            "caller": self.caller(task) if self.caller is not None else None,
            "family": {name: fn(task) for name, fn in registry.facts_of(self.hooks).items()},
        }


def _owned(findings: list[Finding], repo: Repo, task_ids: Sequence[str], repo_level: bool) -> list[Finding]:
    """The repository-level checks' findings that belong to this run when it checks a chosen part
    of the repository (a pre-commit chunk, see chunks.py): those inside its tasks (a check such as
    near-duplicates reports on the selected tasks), and, for the run that claimed the
    repository-level checks, those outside every task. A finding in another run's task is that
    run's to report."""
    prefix = repo.tasks_root + "/"
    owned = tuple(f"{prefix}{t}/" for t in task_ids)
    return [f for f in findings if f.path.startswith(owned) or (repo_level and not f.path.startswith(prefix))]


def check_one(task: Task, ctx: Context, hooks: Sequence[str]) -> tuple[list[Finding], bool]:
    """`check_task`, also telling whether a check read the date (which limits reuse to today)."""
    ctx.today_read = False
    raw = _raw_task_findings(task, ctx, hooks)
    dated = ctx.today_read
    return _finish(task, ctx, raw), dated

