"""Prompt rules: prompt.md exists as text, and states the signature and complexity bounds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.workspace.task import PROMPT, Task

EMPTY = rule(
    "PRM001", "prompt-empty", hook="prompt",
    summary="prompt.md is empty, blank or not UTF-8 text.",
    rationale="The prompt is exactly what the model sees; without it the task has no question.",
    fix="Write the prompt: the signature, the input/output contract, the complexity bounds and the edge cases.",
)
SIGNATURE = rule(
    "PRM002", "signature-not-stated", hook="prompt",
    summary="prompt.md does not state a signature from task.yaml verbatim.",
    rationale="""The tests call the signature in task.yaml. If the prompt words it differently the
    model is graded against an interface it was never shown, and a correct answer fails: the task
    measures guessing, not skill.""",
    fix="""Copy each `signature` from task.yaml into the prompt exactly (a code block is best).
    Runs of whitespace are compared as one space, so line wrapping is fine; anything else must match.""",
)
CONSTRAINT = rule(
    "PRM003", "constraint-not-stated", hook="prompt",
    summary="prompt.md does not state the time or space bound from task.yaml.",
    rationale="""Complexity constraints are part of the task: tests may time out a slow answer, so
    the model must be told the bound it is held to.""",
    fix="State the bounds in the prompt exactly as in task.yaml, e.g. `O(n log n)` time and `O(n)` space.",
)

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _tight(text: str) -> str:
    return _SPACE.sub("", text)


@task_check("prompt")
def check_prompt(task: Task, ctx: Context) -> Iterator[Finding]:
    if task.top_level.get(PROMPT) != "file":
        return  # LAY001 / LAY007 report it
    where = task.path(PROMPT)
    text = task.text(PROMPT)
    if isinstance(text, LoadError):
        yield finding(EMPTY, where, f"prompt.md {text.message}", text.line, text.column)
        return
    if not text.strip():
        yield finding(EMPTY, where, "prompt.md is empty")
        return
    body = _squash(text)
    signature = task.meta.get("signature")
    signatures = [signature] if isinstance(signature, str) else signature if isinstance(signature, list) else []
    for index, sig in enumerate(signatures):
        if isinstance(sig, str) and sig.strip() and _squash(sig) not in body:
            path = ("signature",) if isinstance(signature, str) else ("signature", index)
            line, _ = task.meta_position(path)
            yield finding(SIGNATURE, where, f"signature {sig.strip()!r} (task.yaml line {line}) is not stated verbatim in the prompt")
    constraints = task.meta.get("constraints")
    if isinstance(constraints, dict):
        tight = _tight(text)
        for kind in ("time", "space"):
            bound = constraints.get(kind)
            if isinstance(bound, str) and bound.strip() and _tight(bound) not in tight:
                yield finding(CONSTRAINT, where, f"{kind} bound {bound!r} from task.yaml is not stated in the prompt")
