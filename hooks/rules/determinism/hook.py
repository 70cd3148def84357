"""The `determinism` hook: ground truth, tests and subject code must not read the clock, use
unseeded randomness or touch the network.

This module maps each code file of a task to its language's analyser and turns the analyser's
hits into findings. Analysers live beside it and share one interface:

    analyse(source: bytes, language: str) -> list[Hit]

- `determinism_python`: semantic analysis of Python with the `ast` module (name resolution,
  aliases, shadowing, seeding order).
- `determinism_treesitter`: JavaScript, TypeScript, Java, Go, C, C++ and Rust through
  tree-sitter syntax trees (comments and strings never match).
The codes are declared in `determinism_rules`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any, NamedTuple

from taskgate.hooks.rules.determinism import rules as determinism_rules  # noqa: F401 - declares the DET codes
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.core.registry import task_check
from taskgate.hooks.workspace.task import CODE_DIRS, Task


class Hit(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based
    code: str  # a DET code from determinism_rules
    message: str  # what was called, why it breaks determinism, the deterministic alternative


# File suffix -> (language, analyser module).
LANGUAGES: dict[str, tuple[str, str]] = {
    ".py": ("python", "taskgate.hooks.rules.determinism.python.analyser"),
    ".js": ("javascript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".mjs": ("javascript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".cjs": ("javascript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".jsx": ("javascript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".ts": ("typescript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".mts": ("typescript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".cts": ("typescript", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".tsx": ("tsx", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".java": ("java", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".go": ("go", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".c": ("c", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".h": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".cc": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".cpp": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".cxx": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".hpp": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".hh": ("cpp", "taskgate.hooks.rules.determinism.treesitter.analyser"),
    ".rs": ("rust", "taskgate.hooks.rules.determinism.treesitter.analyser"),
}


def language_of(rel: str) -> tuple[str, str] | None:
    dot = rel.rfind(".")
    return LANGUAGES.get(rel[dot:].lower()) if dot > rel.rfind("/") else None


_ANALYSERS: dict[str, ModuleType] = {}


def load_analyser(module: str) -> ModuleType:
    """The analyser module for a suffix, imported once.

    Analysers ship with taskgate, so a failing import is a bug to surface, never a language
    silently left unchecked (tests/hooks/test_module_paths.py imports every one).
    """
    if module not in _ANALYSERS:
        _ANALYSERS[module] = importlib.import_module(module)
    return _ANALYSERS[module]


def analyse(rel: str, source: bytes, **context: Any) -> list[Hit]:
    """The hits of one code file, by its name's suffix; [] for a file no analyser handles.

    `context` is passed on to analysers that take it (Python: `conftest`, a function giving the
    generator seeding the conftest.py files do for the file's tests).
    """
    found = language_of(rel)
    if found is None:
        return []
    language, module = found
    return list(load_analyser(module).analyse(source, language, **context))


def _readable(task: Task, rel: str) -> bytes | None:
    raw = task.read(rel)
    if isinstance(raw, LoadError) or b"\0" in raw:
        return None  # LAY005 / LAY006 report unreadable, huge and binary files
    return raw


def _conftest(task: Task, rel: str, memo: dict[str, Any]) -> Any:
    """The seeding done by the conftest.py files pytest loads before `rel`'s tests (nearest last)."""
    from taskgate.hooks.rules.determinism.python.analyser import Conftest, conftest_provides

    seeded: frozenset[str] = frozenset()
    fixtures: dict[str, frozenset[str]] = {}
    parts = rel.split("/")[:-1]
    for depth in range(len(parts) + 1):
        conftest = "/".join([*parts[:depth], "conftest.py"])
        entry = task.entries.get(conftest)
        if conftest == rel or entry is None or not entry.is_regular:
            continue
        if conftest not in memo:
            raw = _readable(task, conftest)
            memo[conftest] = conftest_provides(raw) if raw is not None else Conftest()
        seeded |= memo[conftest].seeded
        fixtures.update(memo[conftest].fixtures)
    return Conftest(seeded, fixtures)


@task_check("determinism")
def check_determinism(task: Task, ctx: Context) -> Iterator[Finding]:
    memo: dict[str, Any] = {}
    for entry in sorted(task.entries.values(), key=lambda e: e.rel):
        if entry.top not in CODE_DIRS or not entry.is_regular or language_of(entry.rel) is None:
            continue
        raw = _readable(task, entry.rel)
        if raw is None:
            continue
        context = {}
        if entry.rel.endswith(".py"):  # computed only if the file needs the full analysis
            context["conftest"] = lambda rel=entry.rel: _conftest(task, rel, memo)
        for hit in analyse(entry.rel, raw, **context):
            yield finding(hit.code, task.path(entry.rel), hit.message, hit.line, hit.column)
