"""CTR001: the ground truth defines every function and type the task.yaml signature names.

Which files are code, and in which language, is the determinism hook's suffix map (`language_of`),
shared with this family so both hooks read the same files the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules.contract.defined import defined_names
from taskgate.hooks.rules.contract.names import declared_names
from taskgate.hooks.rules.determinism.hook import language_of
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import TASK_YAML, Task

NOT_DEFINED = rule(
    "CTR001", "signature-not-defined", hook="contract",
    summary="The ground truth does not define the function or type a task.yaml signature names.",
    rationale="""The tests call the signature's names and the prompt promises them; a ground truth
    that defines `two_sum` while task.yaml says `two_sum_sorted` fails its own tests or, worse,
    the tests were written against the ground truth and the prompt now names a function no test
    calls. For category `testing` the names belong to subject/, the code the tests are written
    against.""",
    fix="""Rename the function in solution/ (subject/ for `testing`) or correct `signature` in
    task.yaml (and the prompt) so both use the same name.""",
    limits="""Names are read from declarations (functions, methods, classes, structs, interfaces,
    traits, type aliases, variables bound to functions, `exports.f =`, Python imports), in every
    code file of the directory; names made at run time (`setattr`, `globals()`, macros) are not
    seen. A file that does not parse counts every identifier in it as defined. A signature whose
    name cannot be read (an operator, a function pointer) is not judged.""",
)


@task_check("contract")
def check_signature_defined(task: Task, ctx: Context) -> Iterator[Finding]:
    signature = task.meta.get("signature")
    signatures = [signature] if isinstance(signature, str) else signature if isinstance(signature, list) else []
    if not signatures:
        return
    where = "subject" if task.category == "testing" else "solution"
    defined = _defined_in(task, where)
    if defined is None:
        return  # no code there that taskgate reads: LAY001 or the language's own tooling speaks
    for index, sig in enumerate(signatures):
        if not isinstance(sig, str):
            continue
        missing = [name for name in declared_names(sig, task.language) if name not in defined]
        if not missing:
            continue
        path = ("signature",) if isinstance(signature, str) else ("signature", index)
        for name in missing:
            near = difflib.get_close_matches(name, sorted(defined), n=1, cutoff=0.5)
            hint = f"; it defines {near[0]!r} (rename one of them)" if near else ""
            yield finding(NOT_DEFINED, task.path(TASK_YAML), f"signature names {name!r}, which {where}/ does not define{hint}", *task.meta_position(path))


def _defined_in(task: Task, directory: str) -> set[str] | None:
    names: set[str] | None = None
    for entry in task.files_under(directory):
        found = language_of(entry.rel)
        if found is None or not entry.is_regular:
            continue
        raw = task.read(entry.rel)
        if isinstance(raw, LoadError) or b"\0" in raw:
            continue
        names = (names or set()) | defined_names(raw, found[0])
    return names
