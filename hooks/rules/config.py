"""Config rules: taskgate.yaml parses and follows schemas/config.schema.json."""

from __future__ import annotations

from collections.abc import Iterator

from taskgate.hooks.workspace.config import CONFIG_NAME
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import repo_check, rule

INVALID = rule(
    "CFG001", "config-invalid", hook="config",
    summary="taskgate.yaml does not parse or violates the configuration schema.",
    rationale="""The configuration decides which categories, languages, limits and waivers apply to
    every task. A broken one would make every result questionable, so it is reported and the
    keys in error fall back to their defaults.""",
    fix="Fix the value at the reported line; schemas/config.schema.json documents every key.",
)


@repo_check("config")
def check_config(ctx: Context) -> Iterator[Finding]:
    for _kind, error in ctx.config.errors:
        yield finding(INVALID, CONFIG_NAME, f"taskgate.yaml: {error.message}", error.line, error.column)
