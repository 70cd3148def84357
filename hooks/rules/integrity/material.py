"""What the integrity rules read of a task: the prompt, the ground truth's code, the tests.

Each value is computed once per task object and kept on it (several rules ask for the same).
Unreadable or missing files give empty values: the layout rules report them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any, TypeVar

from taskgate.hooks.rules.integrity.text import content_of, words
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.rules.integrity.code_tokens import (
    CODE_SUFFIXES,
    LANGUAGE_SUFFIX,
    Token,
    names_for,
    tokens_for,
)
from taskgate.hooks.workspace.task import PROMPT, Task

T = TypeVar("T")
# Ground truth files larger than this are not lexed (generated tables, vendored data).
MAX_CODE_BYTES = 256 * 1024


def _memo(task: Task, name: str, build: Callable[[], T]) -> T:
    store: dict[str, Any] = task.__dict__.setdefault("_integrity_memo", {})
    if name not in store:
        store[name] = build()
    return store[name]


def prompt_text(task: Task) -> str:
    def build() -> str:
        if task.top_level.get(PROMPT) != "file":
            return ""
        text = task.text(PROMPT)
        return "" if isinstance(text, LoadError) else text

    return _memo(task, "prompt", build)


def prompt_words(task: Task) -> list[str]:
    """The prompt's words (`text.words`): contamination's 13-word runs, and the stems below."""
    return _memo(task, "prompt_words", lambda: words(prompt_text(task)))


def prompt_content(task: Task) -> list[str]:
    """The prompt's content stems (`text.content`): near-duplicate and contamination runs, and
    what the prompt states of the edge cases."""
    return _memo(task, "prompt_content", lambda: content_of(prompt_words(task)))


def signatures(task: Task) -> list[str]:
    value = task.meta.get("signature")
    items = value if isinstance(value, list) else [value]
    return [s for s in items if isinstance(s, str)]


def edge_cases(task: Task) -> list[str]:
    value = task.meta.get("edge_cases")
    return [s for s in value if isinstance(s, str) and s.strip()] if isinstance(value, list) else []


def default_suffix(task: Task) -> str:
    return LANGUAGE_SUFFIX.get(task.language or "", ".py")


def _code_files(task: Task, directory: str) -> list[tuple[str, str]]:
    out = []
    for entry in task.files_under(directory):
        if not entry.is_regular or entry.size > MAX_CODE_BYTES or posixpath.splitext(entry.rel)[1] not in CODE_SUFFIXES:
            continue
        text = task.text(entry.rel)
        if isinstance(text, str):
            out.append((entry.rel, text))
    return out


def solution_files(task: Task) -> list[tuple[str, str]]:
    """(task-relative path, text) of the ground truth's code files."""
    return _memo(task, "solution", lambda: _code_files(task, "solution"))


def test_files(task: Task) -> list[tuple[str, str]]:
    """(task-relative path, text) of the reward tests' code files: tests/, or for a task whose
    ground truth is itself a test suite (category `testing`), the ground truth."""
    def build() -> list[tuple[str, str]]:
        found = _code_files(task, "tests")
        return found if found or task.category != "testing" else solution_files(task)

    return _memo(task, "tests", build)


def solution_tokens(task: Task) -> list[str]:
    """The ground truth's normalised token stream, files in path order."""
    def build() -> list[str]:
        out: list[str] = []
        for rel, text in solution_files(task):
            out.extend(names_for(text, posixpath.splitext(rel)[1]))
        return out

    return _memo(task, "solution_tokens", build)


def given_tokens(task: Task) -> list[list[Token]]:
    """Code the task hands out on purpose: the signatures and the files of subject/."""
    def build() -> list[list[Token]]:
        suffix = default_suffix(task)
        out = [tokens_for(sig, suffix) for sig in signatures(task)]
        out.extend(tokens_for(text, posixpath.splitext(rel)[1]) for rel, text in subject_files(task))
        return out

    return _memo(task, "given", build)


def python_analysis(task: Task, rel: str, source: str, provided: set[str]) -> Any:
    """`python_tests.analyse` of one test file, parsed once per task."""
    from taskgate.hooks.rules.integrity import python_tests

    return _memo(task, f"analysis:{rel}", lambda: python_tests.analyse(source, provided))


def subject_files(task: Task) -> list[tuple[str, str]]:
    """(task-relative path, text) of the code under test of a testing task (subject/)."""
    return _memo(task, "subject", lambda: _code_files(task, "subject"))
