"""The rule registry: every rule's code, hook, category, summary, rationale and fix.

A rule family is one module that declares its rules with `rule(...)` and its checks with
`@task_check(hook)` or `@repo_check(hook)`. Adding a family means adding its module name to
`FAMILIES` below, and nothing else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taskgate.hooks.core.context import Context
    from taskgate.hooks.core.findings import Finding
    from taskgate.hooks.workspace.task import Task

# One line per rule family: the registry lines.
FAMILIES: tuple[str, ...] = (
    "taskgate.hooks.core.waivers",
    "taskgate.hooks.rules.config",
    "taskgate.hooks.rules.layout",
    "taskgate.hooks.rules.metadata",
    "taskgate.hooks.rules.prompt",
    "taskgate.hooks.rules.contract.signatures",
    "taskgate.hooks.rules.contract.leftovers",
    "taskgate.hooks.rules.determinism.hook",
    "taskgate.hooks.rules.dockerfile.hook",
    "taskgate.hooks.rules.calibration.hook",
    "taskgate.hooks.rules.tamper.hook",
    "taskgate.hooks.rules.ci_emitted",
    "taskgate.hooks.rules.idiomatic.hook",
    "taskgate.hooks.rules.integrity",
    "taskgate.hooks.rules.idiomatic.structure",
)

# Every rule belongs to a hook. The static hooks are what pre-commit and `taskgate check` run, in
# this order; the ci/ commands are the Docker jobs whose findings only ci/ emits (their rules are
# declared in hooks/rules/ci_emitted.py, since hooks/ never imports ci/).
STATIC_HOOKS: tuple[str, ...] = (
    "config", "layout", "metadata", "prompt", "contract", "determinism", "idiomatic", "dockerfile", "calibration", "integrity",
)
CI_COMMANDS: tuple[str, ...] = ("build", "gate", "verify-calibration")
HOOKS: tuple[str, ...] = (*STATIC_HOOKS, *CI_COMMANDS)

# `note`: information that never fails a run (a file left unanalysed, vendored code skipped);
# shown as a SARIF `note` and a GitHub `::notice`.
SEVERITIES = ("error", "warning", "note")
STAGES = ("commit", "merge")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    hook: str
    category: str
    summary: str
    rationale: str
    fix: str
    severity: str = "error"
    stages: tuple[str, ...] = STAGES
    limits: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "hook": self.hook,
            "category": self.category,
            "severity": self.severity,
            "stages": list(self.stages),
            "summary": self.summary,
            "rationale": self.rationale,
            "fix": self.fix,
            "limits": self.limits,
        }


TaskCheck = Callable[["Task", "Context"], Iterable["Finding"]]
RepoCheck = Callable[["Context"], Iterable["Finding"]]
TaskFacts = Callable[["Task"], Any]


@dataclass
class _Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    task_checks: dict[str, list[TaskCheck]] = field(default_factory=dict)
    repo_checks: dict[str, list[RepoCheck]] = field(default_factory=dict)
    task_facts: dict[str, dict[str, TaskFacts]] = field(default_factory=dict)
    loaded: bool = False


_REGISTRY = _Registry()


def rule(
    code: str,
    name: str,
    *,
    hook: str,
    summary: str,
    rationale: str,
    fix: str,
    category: str | None = None,
    severity: str = "error",
    stages: tuple[str, ...] = STAGES,
    limits: str = "",
) -> str:
    """Declare a rule; returns its code so modules can write `MISSING = rule("LAY001", ...)`."""
    if code in _REGISTRY.rules:
        raise ValueError(f"rule {code} declared twice")
    if hook not in HOOKS:
        raise ValueError(f"rule {code}: unknown hook {hook!r}")
    if severity not in SEVERITIES or not set(stages) <= set(STAGES):
        raise ValueError(f"rule {code}: bad severity or stages")
    _REGISTRY.rules[code] = Rule(
        code=code,
        name=name,
        hook=hook,
        category=category or hook,
        summary=summary,
        rationale=" ".join(rationale.split()),
        fix=" ".join(fix.split()),
        severity=severity,
        stages=tuple(stages),
        limits=" ".join(limits.split()),
    )
    return code


def task_check(hook: str) -> Callable[[TaskCheck], TaskCheck]:
    """Register a function `(task, ctx) -> findings` run once per task by `hook`."""

    def register(fn: TaskCheck) -> TaskCheck:
        _REGISTRY.task_checks.setdefault(hook, []).append(fn)
        return fn

    return register


def repo_check(hook: str) -> Callable[[RepoCheck], RepoCheck]:
    """Register a function `(ctx) -> findings` run once per repository by `hook`."""

    def register(fn: RepoCheck) -> RepoCheck:
        _REGISTRY.repo_checks.setdefault(hook, []).append(fn)
        return fn

    return register


def task_facts(hook: str, name: str) -> Callable[[TaskFacts], TaskFacts]:
    """Register a function `(task) -> JSON data` whose value a repository-level check of `hook`
    needs for every task (e.g. a near-duplicate signature). It must be a pure function of the
    task's files: the engine computes it beside the per-task checks (in worker processes) and
    caches it with the task's findings; the repository checks read `ctx.task_facts[name]`."""

    def register(fn: TaskFacts) -> TaskFacts:
        _REGISTRY.task_facts.setdefault(hook, {})[name] = fn
        return fn

    return register


def load_all() -> None:
    if not _REGISTRY.loaded:
        for module in FAMILIES:
            importlib.import_module(module)
        _REGISTRY.loaded = True


def rules() -> dict[str, Rule]:
    load_all()
    return dict(sorted(_REGISTRY.rules.items()))


def severity(code: str) -> str:
    """`error`, `warning` or `note`; a code no rule declares (an internal finding) is an error."""
    found = get(code)
    return found.severity if found else "error"


def get(code: str) -> Rule | None:
    load_all()
    return _REGISTRY.rules.get(code)


def task_checks(hook: str) -> list[TaskCheck]:
    load_all()
    return list(_REGISTRY.task_checks.get(hook, ()))


def repo_checks(hook: str) -> list[RepoCheck]:
    load_all()
    return list(_REGISTRY.repo_checks.get(hook, ()))


def facts_of(hooks: Iterable[str]) -> dict[str, TaskFacts]:
    """The task facts the repository-level checks of `hooks` need, by name."""
    load_all()
    return {name: fn for hook in hooks for name, fn in sorted(_REGISTRY.task_facts.get(hook, {}).items())}
