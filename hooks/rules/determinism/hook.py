"""The `determinism` hook: ground truth, tests and subject code must not read the clock, use
unseeded randomness or touch the network.

This module maps each code file of a task to its language's analyser and turns the analyser's
hits into findings. Analysers live beside it and share one interface:

    analyse(source: bytes, language: str) -> list[Hit]

- `determinism_python`: semantic analysis of Python with the `ast` module (name resolution,
  aliases, shadowing, seeding order).
- `determinism_treesitter`: JavaScript, TypeScript, Java, Go, C, C++ and Rust through
  tree-sitter syntax trees (comments and strings never match).
- `rules.determinism.shell`: `.sh`/`.bash` files and scripts whose shebang names sh or bash.
The codes are declared in `determinism_rules`. Vendored files (`rules.determinism.vendored`) are
skipped and listed in one DET900 note per task; code files of a type no analyser reads are
listed in one DET901 note per type and task: nothing is skipped silently. The suffix-to-language
map (`language_of`) is shared with the contract family (rules/contract/signatures.py).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any, NamedTuple

from taskgate.hooks.rules.determinism.rules import NOT_ANALYSED, VENDORED
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
    ".sh": ("shell", "taskgate.hooks.rules.determinism.shell"),
    ".bash": ("shell", "taskgate.hooks.rules.determinism.shell"),
}
# Interpreters named by a shebang (`#!/usr/bin/env python3`, `#!/bin/bash -e`) -> suffix.
_SHEBANG = re.compile(rb"^#!\s*(?:\S*/)?(?:env\s+(?:-\S+\s+)*)?([A-Za-z0-9_.+-]+)")
_INTERPRETERS = {"python": ".py", "node": ".js", "bash": ".sh", "sh": ".sh", "dash": ".sh", "ash": ".sh", "ksh": ".sh"}
# Code no analyser reads: reported once per type and task (DET901), never skipped silently.
UNCOVERED: dict[str, str] = {
    ".rb": "Ruby", ".php": "PHP", ".pl": "Perl", ".pm": "Perl", ".lua": "Lua", ".kt": "Kotlin",
    ".kts": "Kotlin", ".scala": "Scala", ".swift": "Swift", ".cs": "C#", ".fs": "F#", ".r": "R",
    ".jl": "Julia", ".hs": "Haskell", ".ml": "OCaml", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang",
    ".clj": "Clojure", ".dart": "Dart", ".zsh": "zsh", ".fish": "fish", ".ps1": "PowerShell",
    ".bat": "batch", ".cmd": "batch", ".groovy": "Groovy", ".gradle": "Gradle", ".nim": "Nim", ".zig": "Zig",
    ".m": "Objective-C/MATLAB", ".mm": "Objective-C++", ".awk": "awk", ".tcl": "Tcl", ".f90": "Fortran",
    ".pyx": "Cython", ".vb": "Visual Basic", ".cob": "COBOL", ".adb": "Ada", ".cr": "Crystal",
    ".mk": "Makefile",
}
_UNCOVERED_INTERPRETERS = {"perl": "Perl", "ruby": "Ruby", "php": "PHP", "zsh": "zsh", "fish": "fish", "lua": "Lua", "Rscript": "R", "julia": "Julia", "pwsh": "PowerShell"}


def suffix_of(rel: str) -> str:
    dot = rel.rfind(".")
    return rel[dot:].lower() if dot > rel.rfind("/") else ""


def language_of(rel: str, head: bytes | None = None) -> tuple[str, str] | None:
    """(language, analyser module) by the file's suffix, or for a file without one by its shebang."""
    suffix = suffix_of(rel)
    if suffix:
        return LANGUAGES.get(suffix)
    interpreter = _interpreter(head)
    return LANGUAGES.get(_INTERPRETERS.get(interpreter, "")) if interpreter else None


def _interpreter(head: bytes | None) -> str | None:
    match = _SHEBANG.match(head or b"")
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    return re.sub(r"[\d.]+$", "", name) or name  # python3.11 -> python


_MAKEFILES = frozenset({"makefile", "gnumakefile"})


def uncovered_type(rel: str, head: bytes | None) -> str | None:
    """The name of a code type no analyser reads (`Ruby`, `Perl script`), else None."""
    if rel.rsplit("/", 1)[-1].lower() in _MAKEFILES:
        return "Makefile"
    suffix = suffix_of(rel)
    if suffix:
        return UNCOVERED.get(suffix)
    interpreter = _interpreter(head)
    if interpreter and interpreter not in _INTERPRETERS:
        return _UNCOVERED_INTERPRETERS.get(interpreter, f"{interpreter} script")
    return None


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
    found = language_of(rel, source[:256])
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


def _seeds_every_property_test(task: Task) -> bool:
    """Whether the task fixes Hypothesis's examples for all its tests: `--hypothesis-seed` in
    test_command or a pytest configuration file, or a derandomized profile a test file loads."""
    from taskgate.hooks.rules.determinism.python import properties

    test_command = task.meta.get("test_command") if isinstance(task.meta, dict) else None
    configs = []
    for rel, entry in task.entries.items():
        if not entry.is_regular:
            continue
        name = rel.rsplit("/", 1)[-1]
        if name in properties.CONFIG_FILES or (entry.top == "tests" and name.endswith(".py")):
            raw = _readable(task, rel)
            if raw is None:
                continue
            if name in properties.CONFIG_FILES:
                configs.append(raw)
            elif properties.profile_derandomizes(raw):
                return True
    return properties.configured_seed(test_command if isinstance(test_command, list) else [], configs)


@task_check("determinism")
def check_determinism(task: Task, ctx: Context) -> Iterator[Finding]:
    from taskgate.hooks.rules.determinism import vendored
    from taskgate.hooks.rules.determinism.python import properties

    settings = vendored.Settings.from_config(ctx.config.section("vendored"))
    memo: dict[str, Any] = {}
    skipped: list[tuple[str, str]] = []
    uncovered: dict[str, list[str]] = {}
    property_hits: list[tuple[str, Hit]] = []
    for entry in sorted(task.entries.values(), key=lambda e: e.rel):
        if entry.top not in CODE_DIRS or not entry.is_regular:
            continue
        why = settings.reason(entry.rel, None)  # a vendored path: skipped unread
        if why is not None:
            skipped.append((entry.rel, why))
            continue
        suffix = suffix_of(entry.rel)
        if suffix and suffix not in LANGUAGES:
            kind = UNCOVERED.get(suffix)
            if kind:
                uncovered.setdefault(kind, []).append(entry.rel)
            continue
        raw = _readable(task, entry.rel)
        if raw is None:
            continue
        if not suffix and language_of(entry.rel, raw[:256]) is None:
            kind = uncovered_type(entry.rel, raw[:256])
            if kind:
                uncovered.setdefault(kind, []).append(entry.rel)
            continue
        why = settings.reason(entry.rel, raw)
        if why is not None:
            skipped.append((entry.rel, why))
            continue
        context: dict[str, Any] = {}
        if entry.rel.endswith(".py"):  # computed only if the file needs the full analysis
            context["conftest"] = lambda rel=entry.rel: _conftest(task, rel, memo)
        elif language_of(entry.rel, raw[:256]) == LANGUAGES[".sh"]:
            context["role"] = entry.top
        for hit in analyse(entry.rel, raw, **context):
            yield finding(hit.code, task.path(entry.rel), hit.message, hit.line, hit.column)
        if entry.top == "tests" and entry.rel.endswith(".py"):
            property_hits.extend((entry.rel, hit) for hit in properties.analyse(raw))
    if property_hits and not _seeds_every_property_test(task):
        for rel, hit in property_hits:
            yield finding(hit.code, task.path(rel), hit.message, hit.line, hit.column)
    if skipped:
        yield finding(VENDORED, task.path(skipped[0][0]), vendored.summary(skipped))
    for kind, rels in sorted(uncovered.items()):
        listed = ", ".join(rels[:8]) + (f" and {len(rels) - 8} more" if len(rels) > 8 else "")
        yield finding(NOT_ANALYSED, task.path(rels[0]), f"no determinism analyser reads {kind} code: {listed} not checked for clock, randomness or network use; review by hand")
