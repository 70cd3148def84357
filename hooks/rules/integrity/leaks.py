"""INT003: the prompt gives the answer away (the ground truth's body, renamed or not)."""

from __future__ import annotations

from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules.integrity import material
from taskgate.hooks.rules.integrity.code_tokens import markdown_code_tokens, ngrams
from taskgate.hooks.workspace.task import PROMPT, Task

# Runs of this many normalised tokens are compared (about one to two lines of code).
RUN = 8
# A leak: at least this share of the body's runs appear in the prompt's code.
SHARE = 0.5
# Bodies with fewer runs than this are too short to tell a leak from a coincidence.
MIN_RUNS = 6
# Categories whose prompt hands out code to change on purpose (the code under repair is most of
# the answer): the comparison would only restate that.
EXEMPT_CATEGORIES = frozenset({"debugging", "refactoring"})

LEAKED = rule(
    "INT003", "leaked-answer", hook="integrity",
    summary="The prompt contains the ground truth's body (beyond the signature), renamed or not.",
    rationale="""A task whose prompt shows the solution rewards copying, not solving: the model
    learns nothing and the task's calibration measures reading. Renaming the variables does not
    hide it, so code is compared as normalised tokens (identifiers and literals abstracted).""",
    fix="""Remove the implementation from prompt.md; state the behaviour in words, the signature
    and examples of calls with their results instead.""",
    limits=f"""Compares the prompt's code with the ground truth in runs of {RUN} normalised
    tokens: fenced blocks as their language, the rest of the text (indented or inline code) as
    the task's; a leak in prose ("loop over the items, keep a running total ...") is not seen. Debugging and refactoring tasks are exempt (their prompt shows the code to change). Code
    the task hands out on purpose (signatures, subject/) never counts.""",
)


@task_check("integrity")
def check_leak(task: Task, ctx: Context) -> Iterator[Finding]:
    if task.category in EXEMPT_CATEGORIES:
        return
    body = ngrams(material.solution_tokens(task), RUN)
    for given in material.given_tokens(task):
        body -= ngrams([t for t, _ in given], RUN)
    if len(body) < MIN_RUNS:
        return
    prompt = markdown_code_tokens(material.prompt_text(task), material.default_suffix(task))
    names = [t for t, _ in prompt]
    matched: list[int] = []  # token indices of the prompt where a run of the body starts
    seen: set[tuple[str, ...]] = set()
    for i in range(len(names) - RUN + 1):
        gram = tuple(names[i:i + RUN])
        if gram in body:
            seen.add(gram)
            matched.append(i)
    share = len(seen) / len(body)
    if share >= SHARE:
        line = prompt[_pasted_code(matched)][1]
        yield finding(
            LEAKED, task.path(PROMPT),
            f"prompt.md contains {share:.0%} of the ground truth's body (code from line {line} matches "
            f"solution/ up to renaming); remove the implementation and describe the behaviour instead",
            line,
        )


def _pasted_code(matched: list[int]) -> int:
    """Where the longest stretch of matching runs starts (runs that overlap or touch make one
    stretch): the pasted body, not an inline call or export that happens to match a run."""
    best_start = start = matched[0]
    best_end = end = matched[0] + RUN
    for i in matched[1:]:
        if i > end:
            start = i
        end = i + RUN
        if end - start > best_end - best_start:
            best_start, best_end = start, end
    return best_start
