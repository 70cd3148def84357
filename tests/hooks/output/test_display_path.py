"""Finding paths shown relative to where the user runs: the shortcut taken when that is the
repository root gives exactly what `os.path.relpath` gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from taskgate.hooks.output.formats import display_path

PATHS = ["tasks/a/prompt.md", "taskgate.yaml", "tasks/a/../b/x.py", "tasks//a/y", "./tasks/a/z", "tasks/a/", "."]


def reference(path: str, root: Path, cwd: Path) -> str:
    return Path(os.path.relpath(root / path, cwd)).as_posix()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("where", [".", "tasks", "tasks/a", "..", "../elsewhere"])
def test_shown_as_relpath_gives_from_any_directory(tmp_path, path, where):
    root = tmp_path / "repo"
    cwd = Path(os.path.normpath(root / where))
    assert display_path(path, root, cwd) == reference(path, root, cwd)


def test_the_same_directory_spelt_differently(tmp_path):
    root = tmp_path / "repo"
    for cwd in (tmp_path / "repo" / ".", Path(f"{tmp_path}/repo/")):
        assert display_path("tasks/a/prompt.md", root, cwd) == "tasks/a/prompt.md"
