"""Metadata rules: task.yaml parses, follows schemas/task.schema.json, and fits the stage."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from taskgate.hooks.workspace import resources
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.workspace.schema import validate
from taskgate.hooks.workspace.task import TASK_YAML, Task

TASK_SCHEMA = "task.schema.json"

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
    if ctx.stage == "merge" and task.status == "draft":
        yield finding(DRAFT, where, "status is draft; only ready tasks pass the merge gate", *task.meta_position(("status",)))
