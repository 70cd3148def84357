"""INT007 / INT008: an `edge_cases` entry of task.yaml is not stated in the prompt, or no test names it.

Matching is on content words, not text: an entry's words are split (identifiers too),
lowercased, stemmed, and function words dropped ("an empty input returns no batches" ->
empti, input, return, batch).

- Stated: at least STATED of the entry's content words occur anywhere in prompt.md or the
  signatures. The verbs of failing are one word ("is rejected" is stated by "throws a
  RangeError", "raises" by "panics").
- Tested (the naming convention): some test's descriptor (see below; it includes the
  exception types the test expects to be raised) contains at least TESTED of them (or
  of the words outside the entry's parentheses: "invalid k (negative, NaN) throws RangeError"
  is named by a test "invalid k throws RangeError"). A
  Python test's descriptor is its function name (and class name), its docstring, the string
  ids of its parametrisation and the string arguments of its marks, so any of
  `def test_empty_input_returns_no_batches`, a docstring "Edge case: empty input", or
  `@pytest.mark.edge_case("empty input")` names the entry. In other languages: the title of a
  `test(...)`/`it(...)`/`describe(...)` (JavaScript, TypeScript), `t.Run("...")`, `func
  TestXxx` and the case names of a table-driven test whose `t.Run` takes them from the table
  (Go), `@DisplayName("...")` and test method names (Java), `#[test] fn name` (Rust),
  `TEST(Suite, Name)` (C++). Outside Python, a test's descriptor also holds the exception types
  its body expects (`toThrow(RangeError)`, `assert.throws(..., RangeError)`,
  `assertThrows(X.class, ...)`), the body being the text up to the next test's title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules.integrity import material, text
from taskgate.hooks.rules.integrity.unannounced import provided_modules
from taskgate.hooks.workspace.task import TASK_YAML, Task

STATED = 0.75
TESTED = 0.5

NOT_STATED = rule(
    "INT007", "edge-case-not-stated", hook="integrity", severity="warning",
    summary="An edge case listed in task.yaml is not stated in the prompt.",
    rationale="""The handbook's prompts state edge-case handling; an edge case the tests check but
    the prompt leaves out rewards guessing the author's choice rather than solving the stated
    problem.""",
    fix="""Say in prompt.md how the edge case is handled (e.g. under "Edge cases"), in words close
    to the task.yaml entry, or reword the entry to match what the prompt says.""",
    limits=f"""Content-word match: the entry counts as stated when {STATED:.0%} of its content
    words (stemmed) occur anywhere in the prompt, so a prompt using other words for the same idea
    is reported ("k larger than the input length" is not stated by "k exceeds `len(values)`"),
    and one using the same words for another idea is not. The only synonyms known are the verbs
    of failing (raise, throw, reject, panic, fail). A warning, not an error, for that reason: on
    ten well-made third-party-style tasks, seven of their entries were stated or tested in other
    words than the entry's.""",
)
NOT_TESTED = rule(
    "INT008", "edge-case-not-tested", hook="integrity", stages=("merge",), severity="warning",
    summary="No test names an edge case listed in task.yaml.",
    rationale="""An edge case that no test exercises is not part of the reward: a solution that
    gets it wrong passes. A test that names the edge case lets a reviewer see it is covered.""",
    fix="""Add a test for it, named after the entry (`def test_<entry words>`), or give an existing
    test a docstring, a parametrize id or a mark (`@pytest.mark.edge_case("<entry>")`) naming it.""",
    limits=f"""Checks that a test is named for the entry ({TESTED:.0%} of its content words in one test's
    name, docstring, ids or marks, with the exception types it expects; a Go table's case names when
    `t.Run` takes them from the table), not what the test asserts. Run at the merge stage: a draft
    may commit edge cases before their tests. A warning: a test named in other words
    (`TestCompareMalformed` for "malformed input returns an error") is not recognised.""",
)

_TITLES = [
    re.compile(r"""\b(?:test|it|describe|context|suite)(?:\.(?:only|skip|todo|concurrent|each\s*\([^)]*\)))?\s*\(\s*(['"`])((?:\\.|(?!\1).)*)\1""", re.DOTALL),
    re.compile(r"""\bt\.Run\(\s*"((?:\\.|[^"\\])*)\""""),
    re.compile(r"""@DisplayName\(\s*"((?:\\.|[^"\\])*)\""""),
    re.compile(r"""\bfunc\s+(Test\w+)\s*\("""),
    re.compile(r"""#\[(?:tokio::)?test\]\s*(?:#\[[^\]]*\]\s*)*(?:async\s+)?fn\s+(\w+)"""),
    re.compile(r"""@Test\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:public\s+|protected\s+|private\s+)?(?:static\s+)?void\s+(\w+)"""),
    re.compile(r"""\bTEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\)"""),
]

# Verbs that say "signals a failure" differ by language and author (Python raises, JavaScript
# throws, Rust panics, a validator rejects): in an edge case and its statement they are one word.
_FAILS = {text.stem(w): "fail" for w in ("raise", "throw", "reject", "panic", "fail")}
# A test that expects an exception names its type: `expect(f).toThrow(RangeError)`,
# `assert.throws(() => f(), RangeError)`, `assertThrows(IllegalArgumentException.class, ...)`.
_EXPECTS_THROW = re.compile(r"""\b(?:toThrow(?:Error)?|throws|rejects|assertThrows)\s*\((?:[^()]|\([^()]*\))*?\b([A-Z]\w*(?:Error|Exception))\b""")
# Go table-driven tests: `t.Run(tt.name, ...)` takes each case's name from a field of the table's
# rows (keyed `name: "..."`, or a row's first string); `t.Run(name, ...)` from a map's keys.
_GO_RUN_FROM_TABLE = re.compile(r"""\bt\.Run\(\s*(?:\w+\.(\w+)|\w+)\s*,""")
_GO_ROW_FIRST = re.compile(r"""\{\s*"((?:\\.|[^"\\])*)"\s*,""")
_GO_MAP_KEY = re.compile(r"""^\s*"((?:\\.|[^"\\])*)"\s*:\s*\{""", re.MULTILINE)


def _descriptors(task: Task) -> list[set[str]]:
    out: list[set[str]] = []
    provided: set[str] | None = None
    for rel, source in material.test_files(task):
        if rel.endswith(".py"):
            provided = provided_modules(task) if provided is None else provided
            out.extend(_content(case.text) for case in material.python_analysis(task, rel, source, provided).tests)
            continue
        titled = sorted((match for pattern in _TITLES for match in pattern.finditer(source)), key=lambda m: m.start())
        for i, match in enumerate(titled):
            groups = [g for g in match.groups() if g and g not in "'\"`"]
            body = source[match.end():titled[i + 1].start() if i + 1 < len(titled) else len(source)]
            thrown = [m.group(1) for m in _EXPECTS_THROW.finditer(body)]
            out.append(_content(" ".join(groups + thrown)))
        out.extend(_content(name) for name in _table_case_names(source))
    return out


def _table_case_names(source: str) -> list[str]:
    """The names of a Go table-driven test's cases, when `t.Run` takes them from the table."""
    names: list[str] = []
    for match in _GO_RUN_FROM_TABLE.finditer(source):
        field = match.group(1)
        if field is None:  # t.Run(name, ...) over a map: its keys name the cases
            names.extend(m.group(1) for m in _GO_MAP_KEY.finditer(source))
            continue
        names.extend(m.group(1) for m in re.finditer(rf'\b{re.escape(field)}\s*:\s*"((?:\\.|[^"\\])*)"', source))
        names.extend(m.group(1) for m in _GO_ROW_FIRST.finditer(source))
    return list(dict.fromkeys(names))


def _same(stems: list[str]) -> set[str]:
    return {_FAILS.get(s, s) for s in stems}


def _content(prose: str) -> set[str]:
    return _same(text.content(prose))


def _coverage(entry: set[str], seen: set[str] | frozenset[str]) -> float:
    return len(entry & seen) / len(entry) if entry else 1.0


@task_check("integrity")
def check_edge_cases(task: Task, ctx: Context) -> Iterator[Finding]:
    entries = material.edge_cases(task)
    prompt = material.prompt_text(task)
    if not entries or not prompt:
        return
    stated = frozenset(_same(material.prompt_content(task))).union(*(_content(sig) for sig in material.signatures(task)))
    descriptors: list[set[str]] | None = None
    for index, entry in enumerate(task.meta.get("edge_cases") or []):
        if not isinstance(entry, str) or not entry.strip():
            continue
        words = _content(entry)
        if not words:
            continue
        if _coverage(words, stated) < STATED:
            missing = sorted(words - stated)
            yield finding(
                NOT_STATED, task.path(TASK_YAML),
                f"edge case {entry!r} is not stated in prompt.md (no mention of: {', '.join(missing)}); say how it is handled",
                *task.meta_position(("edge_cases", index)),
            )
        if descriptors is None:
            descriptors = _descriptors(task)
        if not material.test_files(task):
            continue  # no tests at all: the layout rules report it
        head = _content(re.sub(r"\([^)]*\)", " ", entry)) or words  # without its parenthetical examples
        if not any(_coverage(words, d) >= TESTED or _coverage(head, d) >= TESTED for d in descriptors):
            yield finding(
                NOT_TESTED, task.path(TASK_YAML),
                f"edge case {entry!r} is not named by any test; name a test after it (function name, docstring, id or "
                f"`@pytest.mark.edge_case({entry!r})`)",
                *task.meta_position(("edge_cases", index)),
            )
