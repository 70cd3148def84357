"""INT004-INT006: the reward tests expect something the prompt never states (Python, JavaScript and
TypeScript tests; thrown errors and messages of Java, Go, Rust and C++ tests too).

A test that rejects a solution for raising the wrong exception, for wording an error message
differently or for not providing a helper nobody asked for rejects valid solutions: the most
common defect audits of public benchmarks find. Each finding is at the test line and says what
the prompt must state. Only the first place per file and expectation is reported.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.rules.integrity import announced, compiled_tests, material, python_tests, script_tests
from taskgate.hooks.workspace.task import Task

_LIMITS = """Python tests (pytest and unittest idioms), JavaScript and TypeScript tests (`assert.throws`/`rejects`,
`toThrow`; names imported or required from solution/), and, for exceptions and messages only, Java (JUnit `assertThrows`, AssertJ), Go
(`errors.Is`, `err.Error()` compared, testify), Rust (`should_panic(expected)`, `Err(E::Variant)`)
and C++ (GoogleTest `EXPECT_THROW`, Catch2 `REQUIRE_THROWS_AS/WITH`) tests, read by patterns, not
parsed; tests in other languages are not read.
Names are matched in prompt.md and the task.yaml signatures, not in other files the prompt points to."""

EXCEPTION = rule(
    "INT004", "unannounced-exception", hook="integrity",
    summary="A test expects an exception type that the prompt never mentions.",
    rationale="""`pytest.raises(KeyError)` rejects a solution that raises ValueError for the same
    input, although nothing told the solver which to raise: the reward punishes a valid solution.""",
    fix="""State in prompt.md which exception is raised and when (e.g. "raises KeyError when the
    key is missing"), or make the test accept what the prompt states.""",
    limits=_LIMITS,
)
MESSAGE = rule(
    "INT005", "unannounced-error-message", hook="integrity",
    summary="A test matches an error message text that the prompt never states.",
    rationale="""`match=`, `assertRaisesRegex` or a comparison with `str(exc.value)` rejects every
    wording but one; a solver can only produce it if the prompt gives it.""",
    fix="""Quote the exact message in prompt.md, or drop the message check and test the exception
    type only.""",
    limits=_LIMITS + """ A regular expression is reduced to its literal runs; each must appear in the prompt.
    A message that a `raise` in the Python test module itself produces (a fake's failure the
    solution lets through, `raise OSError(f"failure {n}")`) is not reported, even when the solution
    raises it too.""",
)
IMPORT = rule(
    "INT006", "unannounced-name", hook="integrity",
    summary="A test imports a name from the solution that neither the prompt nor the signatures mention.",
    rationale="""A solver implements what the prompt asks for; a test importing another function,
    class or constant fails with ImportError on every solution but the ground truth.""",
    fix="""Name it in prompt.md (with its signature in task.yaml if it is called), or test only
    through the interface the prompt states.""",
    limits=_LIMITS,
)

CODES = {"exception": EXCEPTION, "message": MESSAGE, "import": IMPORT}
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


def provided_modules(task: Task) -> set[str]:
    """Module names the tests can import from solution/ and subject/."""
    out: set[str] = set()
    for entry in [*task.files_under("solution"), *task.files_under("subject")]:
        parts = entry.rel.split("/")[1:]
        if parts and parts[-1].endswith(".py"):
            out.add(parts[0].removesuffix(".py"))
    out.discard("__init__")
    return out


def _vocabulary(task: Task) -> announced.Vocabulary:
    return announced.Vocabulary("\n".join([material.prompt_text(task), *material.signatures(task)]))


# Go and Rust hand errors back as values; JavaScript, Java and C++ throw them; Python raises.
_RETURNED = ("errors.Is", "ErrorIs", "an Err(")
_THROWN = ("assert.", "toThrow", "assertThrows", "assertThat", "@Test(", "EXPECT_THROW", "ASSERT_THROW", "REQUIRE_THROWS", "CHECK_THROWS")


def _verb(how: str) -> str:
    return "returned" if how.startswith(_RETURNED) else "thrown" if how.startswith(_THROWN) else "raised"


def _text(expectation: python_tests.Expectation, vocab: announced.Vocabulary, defined: Callable[[], dict[str, list[str]]]) -> str | None:
    value = expectation.value
    if expectation.kind == "exception":
        if announced.exception(value, vocab, defined):
            return None
        return f"the tests expect {value} ({expectation.how}) but prompt.md never mentions it; state in the prompt when {value} is {_verb(expectation.how)}"
    if expectation.kind == "message":
        exact = "comparison" in expectation.how or expectation.how.endswith("(message)")
        missing = announced.message(value, vocab, regex=not exact)
        if not missing:
            return None
        quoted = "; ".join(repr(m) for m in missing)
        return f"the tests expect the error message to contain {quoted} ({expectation.how}) but prompt.md never states it; quote the message in the prompt"
    if vocab.names(value):
        return None
    return f"the tests use {value} from the solution ({expectation.how}) but neither prompt.md nor the signatures mention it; name it in the prompt"


def _defined_exceptions(task: Task, language: str | None) -> dict[str, list[str]]:
    """Classes of the solution and subject code and their bases (parsed only when asked); for
    Java and C++ tests (`language`), also the standard exception hierarchy."""
    out: dict[str, list[str]] = {}
    code = [*material.solution_files(task), *material.subject_files(task)]
    if language is not None:
        return compiled_tests.hierarchy(language, [text for rel, text in code if compiled_tests.grammar(rel) == language])
    for rel, text in code:
        if rel.endswith(".py"):
            out.update(python_tests.defined_exceptions(text))
    return out


@task_check("integrity")
def check_unannounced(task: Task, ctx: Context) -> Iterator[Finding]:
    files = [(rel, source) for rel, source in material.test_files(task)
             if rel.endswith((".py", *SCRIPT_SUFFIXES)) or compiled_tests.grammar(rel)]
    if not files or not material.prompt_text(task):
        return
    provided = provided_modules(task)
    vocab = _vocabulary(task)
    box: dict[str | None, dict[str, list[str]]] = {}

    for rel, source in files:
        language = compiled_tests.grammar(rel)

        def defined(language: str | None = language) -> dict[str, list[str]]:
            if language not in box:
                box[language] = _defined_exceptions(task, language)
            return box[language]

        if rel.endswith(".py"):
            expected = material.python_analysis(task, rel, source, provided).expectations
        elif language is not None:
            expected = compiled_tests.expectations(source, language)
        else:
            expected = [*script_tests.expectations(source), *script_tests.imports(source, rel)]
        seen: set[tuple[str, str]] = set()
        for expectation in expected:
            key = (expectation.kind, expectation.value)
            if key in seen or posixpath.basename(rel) == "conftest.py" and expectation.kind == "import":
                continue
            seen.add(key)
            message = _text(expectation, vocab, defined)
            if message is not None:
                yield finding(CODES[expectation.kind], task.path(rel), message, expectation.line, expectation.column)
