"""Metadata rules: task.yaml parses, follows schemas/task.schema.json, and fits the stage."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules import bigo
from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.schema import validate
from taskgate.hooks.workspace.task import TASK_YAML, Task

TASK_SCHEMA = "task.schema.json"
SCHEMA_FORM = re.compile(r"^O\(.+\)$", re.DOTALL)  # the schema's `big_o` pattern: the rest is META004's

UNREADABLE = rule(
    "META001", "metadata-unreadable", hook="metadata",
    summary="task.yaml is missing, empty, not UTF-8, not valid YAML, or not a mapping.",
    rationale="""Every later check and every trainer reads a task through its metadata; a task.yaml
    that does not load makes the task invisible to them.""",
    fix="""Fix the YAML at the reported line (a duplicate key, a tab, an unclosed bracket) so that
    the file is one mapping; `taskgate new` shows a complete example.""",
)
SCHEMA = rule(
    "META002", "metadata-schema", hook="metadata",
    summary="task.yaml violates the task schema (a missing, unknown or ill-typed key).",
    rationale="""The schema is the contract the toolchain and trainers rely on: a typo in a key is
    an unknown key, not a silently ignored one, and values have the types and forms that the
    runner (test_command, timeout_seconds) and the prompt rules (signature, constraints) need.""",
    fix="""Correct the value at the reported line; `taskgate rules META002` and schemas/task.schema.json
    list every key. Categories and extra languages are configured in taskgate.yaml.""",
)
DRAFT = rule(
    "META003", "draft-at-merge", hook="metadata", stages=("merge",),
    summary="A task with `status: draft` reached the merge gate.",
    rationale="""Drafts may be committed while work is in progress, but only `ready` tasks, with
    every requirement met, may enter the dataset's main branch.""",
    fix="Finish the task (calibration included) and set `status: ready`, or keep it off the main branch.",
)

MALFORMED_BOUND = rule(
    "META004", "complexity-malformed", hook="metadata",
    summary="A complexity bound in task.yaml `constraints` is not one well-formed big-O expression.",
    rationale="""The schema only asks that a bound starts with `O(` and ends with `)`, so
    `O(n space O(1)` (two bounds run together, one parenthesis never closed) passes it. The prompt
    rules compare the prompt against these bounds and trainers read them: a malformed bound
    states no bound at all.""",
    fix="""Write one expression per field with balanced parentheses: `time: O(n log n)`,
    `space: O(1)`. Words such as `time`, `space` or `amortized` belong in the prompt, not in the
    expression.""",
    limits="""The form is checked, not the mathematics: `O(n + +m)` or an unknown function name
    passes.""",
)


def task_schema(ctx: Context) -> dict[str, Any]:
    """The shipped schema with the configured categories and languages."""

    def build() -> dict[str, Any]:
        schema = copy.deepcopy(resources.schema(TASK_SCHEMA))
        schema["properties"]["category"]["enum"] = ctx.config.categories
        schema["properties"]["language"]["enum"] = ctx.config.languages
        return schema

    return ctx.cached("task-schema", build)


@task_check("metadata")
def check_metadata(task: Task, ctx: Context) -> Iterator[Finding]:
    if task.top_level.get(TASK_YAML) is None:
        return  # LAY001 reports the missing file
    where = task.path(TASK_YAML)
    loaded = task.meta_loaded
    if loaded.error:
        yield finding(UNREADABLE, where, f"task.yaml {loaded.error.message}", loaded.error.line, loaded.error.column)
        return
    for problem in validate(loaded.data, task_schema(ctx), loaded.locate):
        yield finding(SCHEMA, where, problem.message, problem.line, problem.column)
    text = task.meta_text
    yield from _check_bounds(task, where, text if isinstance(text, str) else "")
    if ctx.stage == "merge" and task.status == "draft":
        yield finding(DRAFT, where, "status is draft; only ready tasks pass the merge gate", *task.meta_position(("status",)))


def _check_bounds(task: Task, where: str, text: str) -> Iterator[Finding]:
    constraints = task.meta.get("constraints")
    if not isinstance(constraints, dict):
        return
    lines = text.splitlines()
    for kind in ("time", "space"):
        bound = constraints.get(kind)
        if not isinstance(bound, str) or not SCHEMA_FORM.match(bound):
            continue  # META002 reports a missing, ill-typed or unrecognisable bound
        found = bigo.problem(bound)
        if found is None:
            continue
        offset, message = found
        line, column = task.meta_position(("constraints", kind))
        raw = lines[line - 1][column - 1:] if 0 < line <= len(lines) else ""
        if raw[:1] in "\"'" and raw[1:].startswith(bound):
            column += 1 + offset
        elif raw.startswith(bound):
            column += offset
        yield finding(MALFORMED_BOUND, where, f"constraints.{kind} {bound!r} is not a well-formed bound: {message}", line, column)
