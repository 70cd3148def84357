"""CTR002: no text of the task template that the author was meant to replace is left in a task.

What counts as such text comes from the template itself, never from a copy here:
task-template/placeholders.yaml holds the text `taskgate new` writes for the author to replace
(`your-name`, "Describe the problem precisely: ...", "Ground truth: replace with the reference
solution."), and the `{{key}}` names the template files use are what a task copied by hand
would still contain.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from textwrap import shorten

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules.textmatch import position
from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import PROMPT, TASK_YAML, Task

LEFTOVER = rule(
    "CTR002", "template-leftover", hook="contract", stages=("merge",),
    summary="Text of the task template that the author was meant to replace is still in the task.",
    rationale="""`taskgate new` fills a task with placeholder text (an author called `your-name`, a
    prompt paragraph that says "Describe the problem precisely", a ground truth that says "replace
    with the reference solution"). A task that reaches the dataset with it is unfinished: the
    model reads instructions meant for the author, and the metadata credits nobody. Drafts may
    hold it; the merge gate may not.""",
    fix="""Replace the text the finding points at with the real content (the author's name, the
    problem statement, the ground truth's own description). The placeholders are listed in
    task-template/placeholders.yaml.""",
    limits="""A placeholder is found whole or by a clause of four or more words, whatever the line
    wrapping and letter case; a reworded remnant is not found. Recorded model attempts
    (calibration/) are not read.""",
)
_CLAUSE = re.compile(r"[^.:;!?]+")
_MIN_WORDS = 4
_SKIP = ("calibration/", "calibration.json")


@functools.cache
def _phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(placeholder text, pattern finding it, or a long enough clause of it, however wrapped)."""
    out = []
    for text in resources.template_placeholders().values():
        pieces = [text] + [c.strip() for c in _CLAUSE.findall(text) if len(c.split()) >= _MIN_WORDS and c.strip() != text]
        body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(pieces), key=len, reverse=True))
        out.append((text, re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)))
    return tuple(out)


@functools.cache
def _template_keys() -> re.Pattern[str] | None:
    """`{{key}}` for every key the template files use."""
    keys: set[str] = set()
    root = resources.template_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            try:
                keys.update(re.findall(r"\{\{(\w+)\}\}", path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return re.compile(r"\{\{(" + "|".join(sorted(keys)) + r")\}\}") if keys else None


@task_check("contract")
def check_leftovers(task: Task, ctx: Context) -> Iterator[Finding]:
    if ctx.stage != "merge":
        return  # the rule is merge-only: a draft is expected to hold the template's text
    phrases = _phrases()
    keys = _template_keys()
    for rel, entry in sorted(task.entries.items()):
        if rel.startswith(_SKIP) or not entry.is_regular:
            continue
        text = task.text(rel)
        if isinstance(text, LoadError):
            continue
        for placeholder, pattern in phrases:
            match = pattern.search(text)
            if match:
                found = " ".join(match.group(0).split())
                whole = found.lower() == placeholder.lower()
                what = "the template's placeholder" if whole else f"part of the template's placeholder {shorten(placeholder, 48, placeholder=' ...')!r}:"
                yield finding(LEFTOVER, task.path(rel), f"{what} {shorten(found, 60, placeholder=' ...')!r} is still here; replace it with the task's own text", *position(text, match.start()))
        if keys is not None and rel in (TASK_YAML, PROMPT):
            for match in keys.finditer(text):
                yield finding(LEFTOVER, task.path(rel), f"unfilled template field {match.group(0)}; `taskgate new` fills it, or write the value", *position(text, match.start()))
