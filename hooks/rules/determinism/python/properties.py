"""Property-based tests that draw new examples on every run (DET206).

Hypothesis seeds its example generation from entropy unless told otherwise, so an `@given` test
runs different inputs each time: a candidate whose bug shows on a few inputs passes one reward
run and fails the next, and the ground truth passing twice proves nothing. A test is
reproducible when its own decorators say so (`@settings(derandomize=True)`, `@seed(n)`), or the
task makes every test so: a settings profile with `derandomize=True` that a test file or
conftest.py registers and loads, or `--hypothesis-seed` in test_command or a pytest
configuration file of the task.

`given`, `settings` and `seed` are resolved through the file's imports (`from hypothesis import
given as g`, `import hypothesis as h` then `@h.given`); a decorator that only looks like them is
not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from taskgate.hooks.rules.determinism.hook import Hit

CODE = "DET206"
CONFIG_FILES = ("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml")
FIX = ("add `@settings(derandomize=True)` (or `@seed(1234)`) to the test, or register and load a profile with "
       "`derandomize=True` in conftest.py, or pass `--hypothesis-seed=0` in test_command")


def _names(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """Local names of hypothesis's `given`, `settings`, `seed` ({local: name}) and local names of
    the module itself."""
    members: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "hypothesis" and not node.level:
            for alias in node.names:
                if alias.name in ("given", "settings", "seed"):
                    members[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "hypothesis":
                    modules.add(alias.asname or "hypothesis")
    return members, modules


def _which(node: ast.expr, members: dict[str, str], modules: set[str]) -> str | None:
    """`given` / `settings` / `seed` when `node` (a decorator, or its callee) names one of them."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return members.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
        return node.attr if node.attr in ("given", "settings", "seed") else None
    return None


def _derandomizes(call: ast.expr) -> bool:
    return isinstance(call, ast.Call) and any(
        k.arg == "derandomize" and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords)


def profile_derandomizes(source: bytes) -> bool:
    """Whether the file registers a settings profile with derandomize=True and loads a profile."""
    if b"register_profile" not in source or b"load_profile" not in source:
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    registered = loaded = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "register_profile" and _derandomizes(node):
                registered = True
            elif node.func.attr == "load_profile":
                loaded = True
    return registered and loaded


def configured_seed(test_command: Iterable[str], config_texts: Iterable[bytes]) -> bool:
    """Whether the test command or a pytest configuration file fixes Hypothesis's seed."""
    return any("--hypothesis-seed" in str(arg) for arg in test_command) or any(
        b"--hypothesis-seed" in text or b"derandomize" in text for text in config_texts)


def analyse(source: bytes) -> list[Hit]:
    """DET206 hits of one test file: `@given` tests whose own decorators leave the examples random."""
    if b"given" not in source or b"hypothesis" not in source:
        return []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    members, modules = _names(tree)
    if not members and not modules:
        return []
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        given = None
        fixed = False
        for decorator in node.decorator_list:
            kind = _which(decorator, members, modules)
            if kind == "given":
                given = decorator
            elif kind == "seed" or (kind == "settings" and _derandomizes(decorator)):
                fixed = True
        if given is not None and not fixed:
            message = (f"`{node.name}` is a property-based test (@given) that draws new examples on every run, "
                       f"so a wrong answer may pass one reward run and fail the next; {FIX}")
            hits.append(Hit(given.lineno, given.col_offset + 1, CODE, message))
    return sorted(hits)
