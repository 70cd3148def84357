""".pre-commit-hooks.yaml: every hook sees symlinks, and names fit a terminal line."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

MANIFEST = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def hooks() -> list[dict]:
    return YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))


def test_every_hook_is_given_files_and_symlinks():
    for hook in hooks():
        # pre-commit keeps a file when its tags include all of `types` and any of `types_or`;
        # a symlink's only tag is `symlink`, so the default `types: [file]` would drop it.
        assert hook.get("types") == [], hook["id"]
        assert set(hook.get("types_or", [])) == {"file", "symlink"}, hook["id"]


def test_hook_names_are_short():
    for hook in hooks():
        assert len(hook["name"]) <= 50, hook["name"]
        assert hook["name"].startswith("taskgate")
