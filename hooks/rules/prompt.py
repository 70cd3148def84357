"""Prompt rules: prompt.md exists as text, and states the signature and complexity bounds."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules import bigo
from taskgate.hooks.rules.textmatch import Flat, closest, differences, position
from taskgate.hooks.workspace.loaders import LoadError
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
    measures guessing, not skill. The comparison is token by token: whitespace only matters
    between two words (`f(a, b)` is `f(a,b)`; `unsigned int` is not `unsignedint`), so wrapping
    and spacing are free, but every name, type and punctuation mark must be there.""",
    fix="""Copy each `signature` from task.yaml into the prompt exactly (a code block is best). The
    finding points at the closest text in the prompt and names what differs (e.g. "missing ':' at
    the end").""",
    limits="""A signature that begins longer text counts as stated: `def f(x) -> int` is stated by
    `def f(x) -> int:`, and `f(x)` by `f(x) -> int`.""",
)
CONSTRAINT = rule(
    "PRM003", "constraint-not-stated", hook="prompt",
    summary="prompt.md does not state the time or space bound from task.yaml.",
    rationale="""Complexity constraints are part of the task: tests may time out a slow answer, so
    the model must be told the bound it is held to. Spellings of one bound are the same bound:
    letter case (`O(N)` is `O(n)`), whitespace, multiplication signs, `n^2`/`n**2`/`n²`, `log`/`lg`/
    `log_2`/`log(n)` and LaTeX (`$\\mathcal{O}(n \\log n)$`) are ignored; reordered terms are not.
    A bound's usual name states it too: "linear time" is `O(n)`, "constant extra space" is
    `O(1)` (also logarithmic, linearithmic, quadratic, cubic).""",
    fix="""State each bound in the prompt, e.g. `O(n log n)` time and `O(n)` space. The finding
    points at the closest bound the prompt states.""",
    limits="""Bounds are compared as written, not as mathematics: `O(m + n)` does not state
    `O(n + m)`. A name states only the bound in `n` ("linear time" does not state `O(k)` or
    `O(V + E)`), and only when followed by time, space, memory or storage ("runs in time linear in
    n" is not read). A malformed bound (META004) is
    not compared.""",
)
# A near miss at least this similar (difflib ratio) is shown as "the closest"; below it, nothing is.
NEAR = 0.6


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
    yield from _signatures(task, where, text)
    yield from _bounds(task, where, text)


def _signatures(task: Task, where: str, text: str) -> Iterator[Finding]:
    signature = task.meta.get("signature")
    signatures = [signature] if isinstance(signature, str) else signature if isinstance(signature, list) else []
    prompt = None
    for index, sig in enumerate(signatures):
        if not isinstance(sig, str) or not sig.strip():
            continue
        prompt = prompt or Flat(text, code=True)
        wanted = Flat(sig, code=True).flat
        if wanted in prompt.flat:
            continue
        path = ("signature",) if isinstance(signature, str) else ("signature", index)
        line, _ = task.meta_position(path)
        message = f"signature {' '.join(sig.split())!r} (task.yaml line {line}) is not stated verbatim in the prompt"
        near = closest(wanted, prompt.flat)
        if near is None or near.ratio < NEAR:
            yield finding(SIGNATURE, where, message + "; no text in the prompt resembles it")
            continue
        shown = prompt.original(near.start, near.end)
        diff = differences(wanted, prompt.flat[near.start:near.end])
        yield finding(SIGNATURE, where, f"{message}; closest is {shown!r}: {diff}", *prompt.position(near.start))


def _bounds(task: Task, where: str, text: str) -> Iterator[Finding]:
    constraints = task.meta.get("constraints")
    if not isinstance(constraints, dict):
        return
    stated = bigo.find_bounds(text)
    forms = [bigo.canonical(found.text) for found in stated] + sorted(bigo.named_forms(text))
    for kind in ("time", "space"):
        bound = constraints.get(kind)
        if not isinstance(bound, str) or not bound.strip() or bigo.problem(bound.strip()) is not None:
            continue  # META002 / META004 report a missing or malformed bound
        wanted = bigo.canonical(bound)
        if wanted in forms:
            continue
        message = f"{kind} bound {bound!r} from task.yaml is not stated in the prompt"
        if not stated:
            yield finding(CONSTRAINT, where, message + "; the prompt states no O(...) bound at all")
            continue
        shown_all = [" ".join(found.text.split()) for found in stated]
        ratios = [difflib.SequenceMatcher(None, " ".join(bound.split()), shown, autojunk=False).ratio() for shown in shown_all]
        best = max(range(len(stated)), key=lambda i: (ratios[i], -i))
        near, shown = stated[best], shown_all[best]
        yield finding(CONSTRAINT, where, f"{message}; closest is {shown!r}: {differences(bound, shown)}", *position(text, near.start))
