"""The `idiomatic` hook: ground truth must be simple, clear and idiomatic (Phase III).

Python is linted by ruff (below); the other task languages get the same complexity limit plus
nesting, length and unused-local checks from their syntax trees (`rules/idiomatic/structure.py`).

Ground truth is what a task's `solution/` holds, in every category: the reference implementation,
or for a `testing` task the reference test suite (tests are code a model learns to write too; the
rule set below suits them: pyflakes and bugbear catch a comparison without `assert`, an unused
fixture import, an `assert` on a tuple). `tests/` (the reward harness) and `subject/` (code given
to the model) are not ground truth and are not linted here; `determinism` covers what matters in
them.

The linting is ruff's, run with a fixed rule selection (`--isolated`, so a ruff configuration in
the dataset repository cannot change the result, and `--ignore-noqa`, so only taskgate waivers
with a reason silence a finding). Each ruff rule group maps to one taskgate code; the ruff code
and rule name are in the message. See `idiomatic_ruff` for how runs are batched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taskgate.hooks.workspace.config import CONFIG_NAME
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.rules.idiomatic.ruff_runner import RuffBatch, find_ruff
from taskgate.hooks.core.registry import repo_check, rule, task_check
from taskgate.hooks.workspace.task import Task

_HOOK = "idiomatic"
_RUFF_LIMITS = """ruff lints each file on its own (a package's __init__.py may import names it does not
use: re-exporting is its job). Files ruff cannot decode (not UTF-8) are skipped; the layout rules
report binary files. Results follow the installed ruff version, which may add rules to a group."""

PYFLAKES = rule(
    "IDI001", "pyflakes", hook=_HOOK, category="idiomatic",
    summary="Ground truth has a pyflakes problem: an unused import or variable, an undefined name, a redefinition.",
    rationale="""Dead imports and variables, shadowed definitions and names that only resolve by
    accident are what a reader trips over and what a model copies from its training targets.""",
    fix="Remove what is unused, define or import what is missing; the message names the ruff rule.",
    limits=_RUFF_LIMITS,
)
PYCODESTYLE = rule(
    "IDI002", "pycodestyle-error", hook=_HOOK, category="idiomatic",
    summary="Ground truth breaks a pycodestyle error rule (E): `== None`, bare `except:`, imports below code, `l` as a name.",
    rationale="These are the constructs PEP 8 calls errors: they read as mistakes even when they work.",
    fix="""Follow the message (`is None`, `except Exception:`, imports at the top). Line length (E501)
    is not checked: it is a formatter's business.""",
    limits=_RUFF_LIMITS,
)
BUGBEAR = rule(
    "IDI003", "bugbear", hook=_HOOK, category="idiomatic",
    summary="Ground truth has a likely bug (flake8-bugbear): a mutable default, a loop variable captured late, a useless comparison.",
    rationale="""Bugbear's patterns are usually bugs and at best confusing: a reference answer must
    not teach them.""",
    fix="Rewrite as the message says (e.g. `def f(xs=None): xs = [] if xs is None else xs`).",
    limits=_RUFF_LIMITS + " `zip()` without `strict=` (B905) is not reported.",
)
SIMPLIFY = rule(
    "IDI004", "simplify", hook=_HOOK, category="idiomatic",
    summary="Ground truth has code with a simpler idiomatic form (flake8-simplify).",
    rationale="The handbook asks for simple, clear, idiomatic ground truth; these are the mechanical cases.",
    fix="Use the simpler form the message shows (`return cond`, `dict.get`, `contextlib.suppress`, a merged `with`).",
    limits=_RUFF_LIMITS,
)
COMPREHENSIONS = rule(
    "IDI005", "comprehension", hook=_HOOK, category="idiomatic",
    summary="Ground truth builds a list, set or dict the long way (flake8-comprehensions).",
    rationale="`list([x for x in y])`, `dict([(k, v) ...])` and friends are noise around a simpler expression.",
    fix="Use the literal or comprehension the message shows.",
    limits=_RUFF_LIMITS,
)
COMPLEXITY = rule(
    "IDI006", "complexity", hook=_HOOK, category="idiomatic",
    summary="A ground-truth function is too complex (McCabe complexity above `idiomatic.max_complexity`, default 10), in any task language.",
    rationale="""A reference answer is read to be understood: a function with many branches hides
    the idea of the solution and is hard to check.""",
    fix="Split the function into named helpers, or raise `idiomatic.max_complexity` in taskgate.yaml for the repository.",
    limits=_RUFF_LIMITS + """ Other languages are counted on their tree-sitter syntax tree the way ruff counts
    Python (`rules/idiomatic/structure.py`); files that do not parse cleanly there are skipped.""",
)
SYNTAX = rule(
    "IDI007", "syntax-error", hook=_HOOK, category="idiomatic",
    summary="A ground-truth Python file does not parse.",
    rationale="A solution that is not valid Python cannot pass its tests and cannot be a training target.",
    fix="Fix the syntax error at the position given (the target version is `idiomatic.target_version`).",
    limits=_RUFF_LIMITS,
)
UNAVAILABLE = rule(
    "IDI008", "linter-unavailable", hook=_HOOK, category="idiomatic",
    summary="ruff, which the idiomatic hook runs, is missing or failed, so ground truth was not linted.",
    rationale="A check that silently did not run would look like a pass.",
    fix="Install taskgate with its dependencies (`pip install taskgate` pulls in ruff), then run again.",
)

# ruff rule-code prefix -> taskgate code; the order matters (C901 before C4).
GROUPS: tuple[tuple[str, str], ...] = (
    ("C901", COMPLEXITY), ("C4", COMPREHENSIONS), ("SIM", SIMPLIFY), ("B", BUGBEAR), ("E", PYCODESTYLE), ("F", PYFLAKES),
)
SELECT = ("F", "E", "B", "SIM", "C4", "C901")
ALWAYS_IGNORED = ("E501", "B905", "E902")  # line length; zip(strict=); unreadable files (layout's)
SYNTAX_CODES = frozenset({"invalid-syntax", "E999", "syntax-error"})


def code_for(ruff_code: str) -> str | None:
    if ruff_code in ALWAYS_IGNORED:
        return None  # E902 (cannot read the file) is reported even when ignored
    if ruff_code in SYNTAX_CODES:
        return SYNTAX
    for prefix, code in GROUPS:
        if ruff_code.startswith(prefix):
            return code
    return None


def settings(ctx: Context) -> dict[str, Any]:
    section = ctx.config.section("idiomatic")
    return {
        "select": SELECT,
        "max_complexity": int(section.get("max_complexity", 10)),
        "ignore": tuple(sorted({*ALWAYS_IGNORED, *section.get("ignore", ())})),
        "target_version": str(section.get("target_version", "py313")),
    }


def ground_truth(task: Task) -> list[str]:
    """Task-relative paths of the Python ground-truth files ruff should read."""
    return [e.rel for e in task.files_under("solution")
            if e.rel.endswith(".py") and e.is_regular and e.size <= task.max_file_size]


@repo_check(_HOOK)
def check_ruff_available(ctx: Context) -> Iterator[Finding]:
    _, missing = ctx.cached("idiomatic.find_ruff", find_ruff)
    if missing:
        yield finding(UNAVAILABLE, CONFIG_NAME, f"cannot run ruff ({missing}); Python ground truth was not linted")


@task_check(_HOOK)
def check_idiomatic(task: Task, ctx: Context) -> Iterator[Finding]:
    files = ground_truth(task)
    if not files:
        return
    batch: RuffBatch = ctx.cached("idiomatic.ruff", lambda: RuffBatch(ctx.root, ctx.config.tasks_root, settings(ctx)))
    results, error = batch.lint(task, files)
    if error is not None:
        if not error.startswith("ruff not found"):  # reported once by check_ruff_available
            yield finding(UNAVAILABLE, task.path("solution"), f"ruff failed, ground truth not linted: {error}")
        return
    for rel in files:
        syntax_reported = False
        for record in results.get(rel, ()):
            ruff_code = str(record.get("code") or "invalid-syntax")
            code = code_for(ruff_code)
            if code is None or (code == SYNTAX and syntax_reported):
                continue  # one syntax error per file: the rest follow from it
            syntax_reported = syntax_reported or code == SYNTAX
            location = record.get("location") or {}
            message = str(record.get("message", "")).strip()
            if code == SYNTAX:
                text = f"does not parse: {message}"
            else:
                text = f"{message} (ruff {ruff_code} {record.get('name', '')})".replace(" )", ")")
                fix = (record.get("fix") or {}).get("message")
                if fix:
                    text += f"; fix: {fix}"
            yield finding(code, task.path(rel), text, int(location.get("row") or 1), int(location.get("column") or 1))
