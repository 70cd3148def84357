"""Rendering findings: `path:line:col: CODE message` for people, JSON for machines.

Paths are repository-relative in findings and shown relative to the directory the user runs
from, so editors and terminals can open them. Output is sorted and byte-for-byte repeatable.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taskgate.hooks.core import registry
from taskgate.hooks.output.ci_formats import render_github, render_sarif
from taskgate.hooks.core.findings import Finding


def display_path(path: str, root: Path, cwd: Path) -> str:
    if _same_directory(root, cwd) and path == posixpath.normpath(path) and not posixpath.isabs(path):
        return path  # run from the root (the usual case): what relpath would give, without it
    absolute = root / path
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # pragma: no cover - different drives on Windows
        return absolute.as_posix()
    return Path(rel).as_posix()


@functools.lru_cache(maxsize=8)
def _same_directory(root: Path, cwd: Path) -> bool:
    return os.path.abspath(root) == os.path.abspath(cwd)


def record(f: Finding, shown_path: str) -> dict[str, Any]:
    rule = registry.get(f.code)
    return {
        "path": shown_path,
        "line": f.line,
        "column": f.column,
        "code": f.code,
        "category": rule.category if rule else "internal",
        "severity": registry.severity(f.code),
        "message": f.message,
    }


def line(f: Finding, shown_path: str | None = None) -> str:
    """The one way a finding is written for people: `path:line:col: CODE message`."""
    return f"{f.path if shown_path is None else shown_path}:{f.line}:{f.column}: {f.code} {f.message}"


def render_text(findings: Sequence[Finding], root: Path, cwd: Path) -> str:
    tags = {"error": "", "warning": " (warning)", "note": " (note)"}
    return "".join(f"{line(f, display_path(f.path, root, cwd))}{tags[registry.severity(f.code)]}\n" for f in findings)


def render_json(findings: Sequence[Finding], root: Path, cwd: Path) -> str:
    return json.dumps([record(f, display_path(f.path, root, cwd)) for f in findings], indent=2, ensure_ascii=False) + "\n"


Renderer = Callable[[Sequence[Finding], Path, Path], str]
FORMATS: dict[str, Renderer] = {"text": render_text, "json": render_json, "github": render_github, "sarif": render_sarif}
