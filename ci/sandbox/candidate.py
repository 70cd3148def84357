"""Candidates: the ground truth, a directory a model wrote, and the adversarial ones the gate makes.

A candidate is the content of `solution/`, read into memory with its content hash. Reading it
never follows a symlink out of the directory, drops bytecode (a stale `.pyc` can run instead of
the source beside it), and refuses what would let the candidate load code into the test runner
before the tests import it: interpreter start-up hooks (sitecustomize, `.pth`), package metadata
that registers pytest plugins (`*.dist-info`, `*.egg-info`), conftest.py files, and modules that
shadow the test harness or the standard library. Whatever the ground truth itself ships is
allowed: it defines what a solution looks like.
"""

from __future__ import annotations

import ast
import hashlib
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from taskgate.hooks.core import pyparse
from taskgate.hooks.workspace.taskhash import combine

SOLUTION = "solution"
MAX_FILES = 5000
MAX_BYTES = 32 << 20
BYTECODE = (".pyc", ".pyo")
STARTUP_HOOKS = ("sitecustomize", "usercustomize")
METADATA_SUFFIXES = (".dist-info", ".egg-info", ".egg-link", ".pth")
HARNESS_MODULES = frozenset({
    "pytest", "_pytest", "py", "pluggy", "iniconfig", "packaging", "exceptiongroup", "tomli", "attr", "attrs",
    "hypothesis", "_hypothesis_pytestplugin", "_hypothesis_globals", "xdist", "pytest_timeout", "taskgate_pytest",
})
PYTHON_SOURCE_SUFFIXES = (".py", ".pyw", ".so", ".pyd")


@dataclass
class Candidate:
    label: str  # "ground truth", "stub", a directory...
    files: dict[str, bytes]  # relative to solution/
    notes: list[str] = field(default_factory=list)  # files left out, and why
    rejected: str = ""  # set when the candidate must not run at all

    @property
    def hash(self) -> str:
        return combine({rel: hashlib.sha256(data).hexdigest() for rel, data in self.files.items()})


def read_dir(path: Path, label: str | None = None) -> Candidate:
    """The files below `path` (symlinks inside it are read as copies; leaving it rejects)."""
    label = label or str(path)
    root = path.resolve()
    files: dict[str, bytes] = {}
    notes: list[str] = []
    if not root.is_dir():
        return Candidate(label, {}, rejected=f"{path}: not a directory")
    total = 0
    for directory, dirnames, filenames in os.walk(root):
        for name in list(dirnames):
            if name == "__pycache__" or (Path(directory) / name).is_symlink():
                dirnames.remove(name)
                why = "bytecode cache" if name == "__pycache__" else "symlinked directory"
                notes.append(f"{_rel(root, directory, name)}/: {why} left out")
        dirnames.sort()
        for name in sorted(filenames):
            rel = _rel(root, directory, name)
            full = Path(directory) / name
            if name.endswith(BYTECODE):
                notes.append(f"{rel}: bytecode left out")
                continue
            try:
                st = full.lstat()
                if stat.S_ISLNK(st.st_mode):
                    target = full.resolve()
                    if not target.is_relative_to(root) or not target.is_file():
                        return Candidate(label, {}, notes, rejected=f"{rel}: symlink leaves the candidate directory or does not resolve")
                    st = target.stat()
                elif not stat.S_ISREG(st.st_mode):
                    return Candidate(label, {}, notes, rejected=f"{rel}: not a regular file")
                total += st.st_size
                if total > MAX_BYTES or len(files) >= MAX_FILES:
                    return Candidate(label, {}, notes, rejected=f"larger than {MAX_BYTES >> 20} MiB or {MAX_FILES} files")
                files[rel] = full.read_bytes()
            except OSError as exc:
                return Candidate(label, {}, notes, rejected=f"{rel}: cannot be read: {exc.strerror or exc}")
    return Candidate(label, files, notes)


def _rel(root: Path, directory: str, name: str) -> str:
    return (Path(directory) / name).relative_to(root).as_posix()


def new_modules(candidate: Candidate, reference: Candidate) -> set[str]:
    """Top-level Python module names the candidate adds to the import path."""
    tops = {rel.split("/", 1)[0] for rel in reference.files}
    out = set()
    for rel in candidate.files:
        parts = rel.split("/")
        if parts[0] not in tops:
            module = _module_name(parts[0], len(parts) > 1)
            if module:
                out.add(module)
    return out


def hijacks(candidate: Candidate, reference: Candidate, *, language: str | None, candidate_is_tests: bool, installed: frozenset[str] = frozenset()) -> str:
    """Why `candidate` could tamper with the test runner, or "" when it cannot (see module doc).

    `installed`: the modules importable in the image; a new module with one of those names
    would replace it for the tests (a fake `numpy.testing` whose asserts never fail)."""
    allowed = set(reference.files)
    allowed_tops = {rel.split("/", 1)[0] for rel in allowed}
    for rel in sorted(candidate.files):
        if rel in allowed:
            continue
        parts = rel.split("/")
        top, name = parts[0], parts[-1]
        if top.endswith(METADATA_SUFFIXES):
            return f"{SOLUTION}/{rel}: package metadata or a .pth file on the import path can load code into the test runner"
        if not candidate_is_tests and name == "conftest.py":
            return f"{SOLUTION}/{rel}: a conftest.py is a pytest plugin; a solution may not ship one"
        if language == "python" and top not in allowed_tops:
            module = _module_name(top, len(parts) > 1)
            if module in STARTUP_HOOKS:
                return f"{SOLUTION}/{rel}: {module} runs at interpreter start-up, before the tests"
            if module in HARNESS_MODULES or module in sys.stdlib_module_names:
                return f"{SOLUTION}/{rel}: shadows the module `{module}` that the test harness imports"
            if module in installed:
                return f"{SOLUTION}/{rel}: shadows the module `{module}` installed in the image, which the tests may import"
    return ""


def _module_name(top: str, is_dir: bool) -> str:
    if is_dir:
        return top
    base = top.split(".", 1)[0]
    return base if top.endswith(PYTHON_SOURCE_SUFFIXES) else ""


def stub_of(gt: Candidate) -> Candidate:
    """The ground truth with every function body replaced by `raise NotImplementedError`."""
    out: dict[str, bytes] = {}
    for rel, data in gt.files.items():
        if rel.endswith(".py"):
            try:
                tree = pyparse.parse(data)
            except (SyntaxError, ValueError):
                out[rel] = data
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    doc = node.body[:1] if ast.get_docstring(node, clean=False) is not None else []
                    node.body = [*doc, ast.Raise(exc=ast.Name("NotImplementedError", ast.Load()), cause=None)]
            out[rel] = (ast.unparse(ast.fix_missing_locations(tree)) + "\n").encode()
        else:
            out[rel] = data
    return Candidate("stub (function bodies raise NotImplementedError)", out)


def empty() -> Candidate:
    return Candidate("stub (empty solution/)", {})


EARLY_EXIT = {
    "python": ((".py",), b"\nimport os as _taskgate_os\n_taskgate_os._exit(0)\n"),
    "javascript": ((".js", ".cjs", ".mjs"), b"\nprocess.exit(0);\n"),
    "typescript": ((".ts", ".js", ".cjs", ".mjs", ".mts", ".cts"), b"\nprocess.exit(0);\n"),
}


def early_exit_of(gt: Candidate, language: str | None) -> Candidate | None:
    """The ground truth that ends the whole process with status 0 as soon as it is imported."""
    suffixes, code = EARLY_EXIT.get(language or "", ((), b""))
    if not suffixes or not any(rel.endswith(suffixes) for rel in gt.files):
        return None
    files = {rel: data + code if rel.endswith(suffixes) else data for rel, data in gt.files.items()}
    return Candidate("early exit (exits 0 when imported)", files)
