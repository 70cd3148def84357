"""Runs the registered checks of some hooks over some tasks and returns sorted findings."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from taskgate.hooks import registry, waivers
from taskgate.hooks.context import Context
from taskgate.hooks.findings import Finding
from taskgate.hooks.repo import Repo
from taskgate.hooks.task import Task


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    tasks_checked: int = 0

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if severity(f.code) == "error"]


def severity(code: str) -> str:
    rule = registry.get(code)
    return rule.severity if rule else "error"


def _enabled(codes: Iterable[str], ctx: Context) -> set[str]:
    disabled = set(ctx.config["disable"])
    out = set()
    for code in codes:
        rule = registry.get(code)
        if rule is not None and ctx.stage in rule.stages and code not in disabled:
            out.add(code)
    return out


def check_task(task: Task, ctx: Context, hooks: Sequence[str]) -> list[Finding]:
    """All findings of `hooks` on one task, waivers applied."""
    raw: list[Finding] = []
    for hook in hooks:
        for fn in registry.task_checks(hook):
            raw.extend(fn(task, ctx))
    enabled = _enabled({f.code for f in raw}, ctx)
    raw = [f for f in raw if f.code in enabled]
    prefix = task.rel + "/"

    def inline_for(path: str) -> list[waivers.Inline]:
        return waivers.inline_waivers(task, path[len(prefix):]) if path.startswith(prefix) else []

    return waivers.apply(raw, ctx, inline_for)


def check_repo(ctx: Context, hooks: Sequence[str]) -> list[Finding]:
    raw: list[Finding] = []
    for hook in hooks:
        for fn in registry.repo_checks(hook):
            raw.extend(fn(ctx))
    enabled = _enabled({f.code for f in raw}, ctx)
    return waivers.apply([f for f in raw if f.code in enabled], ctx, lambda _path: [])


def make_context(repo: Repo, stage: str, today: _dt.date | None = None) -> Context:
    return Context(root=str(repo.root), config=repo.config, stage=stage, today=today or _dt.date.today())


def run(
    repo: Repo,
    paths: Sequence[Path] = (),
    *,
    stage: str = "commit",
    hooks: Sequence[str] = registry.STATIC_HOOKS,
    today: _dt.date | None = None,
) -> Report:
    """Check the tasks that `paths` name (all of them when empty) with the given hooks."""
    ctx = make_context(repo, stage, today)
    task_ids = repo.select(list(paths))
    findings: list[Finding] = check_repo(ctx, hooks)
    for task_id in task_ids:
        findings.extend(check_task(repo.task(task_id), ctx, hooks))
    return Report(sorted(set(findings)), len(task_ids))
