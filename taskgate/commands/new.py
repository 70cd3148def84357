"""Create a task directory from task-template/, ready to fill in (it passes --stage commit).

The template has a `common/` part (task.yaml, prompt.md) and one overlay per language
(`<language>/`) or per language for test-writing tasks (`<language>-testing/`); each overlay's
`values.yaml` supplies the signature and test command written into task.yaml.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

from taskgate import console
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.rules.layout import ID_PATTERN, id_rule
from taskgate.hooks.workspace import atomic, resources
from taskgate.hooks.workspace.loaders import load_yaml
from taskgate.hooks.workspace.repo import Repo

VALUES = "values.yaml"
TEXT_SUFFIXES = {".yaml", ".md", ".py", ".js", ".ts", ".java", ".go", ".cpp", ".hpp", ".h", ".rs", ".patch", ".toml", ".json", ""}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--category", required=True)
    parser.add_argument("--language", required=True)
    parser.add_argument("--title", help="one-line title (default: derived from the id)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the current directory)")


def _overlay(template: Path, category: str, language: str) -> Path:
    name = f"{language}-testing" if category == "testing" else language
    overlay = template / name
    if not overlay.is_dir():
        have = sorted(p.name for p in template.iterdir() if p.is_dir() and p.name != "common")
        raise UsageError(f"no template for {name!r}; task-template/ has: {', '.join(have)}")
    return overlay


def _render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _copy(src: Path, dst: Path, values: dict[str, str]) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if rel.as_posix() == VALUES or "__pycache__" in rel.parts:
            continue
        target = dst / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in TEXT_SUFFIXES:
            target.write_text(_render(path.read_text(encoding="utf-8"), values), encoding="utf-8")
        else:
            shutil.copyfile(path, target)


def run(args: argparse.Namespace) -> int:
    if not ID_PATTERN.match(args.task_id):
        raise UsageError(f"{args.task_id!r} is not {id_rule()}")
    repo = Repo(args.repo) if args.repo else Repo.discover()
    if args.category not in repo.config.categories:
        raise UsageError(f"unknown category {args.category!r}; configured: {', '.join(repo.config.categories)}")
    if args.language not in repo.config.languages:
        raise UsageError(f"unknown language {args.language!r}; configured: {', '.join(repo.config.languages)}")
    destination = repo.root / repo.tasks_root / args.task_id
    if os.path.lexists(destination):
        raise UsageError(f"{destination} already exists")
    template = resources.template_dir()
    overlay = _overlay(template, args.category, args.language)
    loaded = load_yaml((overlay / VALUES).read_text(encoding="utf-8"))
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise UsageError(f"broken template values in {overlay / VALUES}")
    values = {
        **resources.template_placeholders(),  # text the author replaces: CTR002 finds what is left
        "id": args.task_id,
        "category": args.category,
        "language": args.language,
        "title": args.title or args.task_id.replace("-", " ").capitalize(),
        "signature": str(loaded.data["signature"]),
        "test_command": json.dumps(loaded.data["test_command"]),
    }
    # Build beside the destination, then rename: a failure leaves no half-made task behind.
    staging = atomic.staging_dir(destination.parent, f".{args.task_id}.")
    try:
        _copy(template / "common", staging, values)
        _copy(overlay, staging, values)
        os.replace(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shown = os.path.relpath(destination)
    console.info(f"created {shown}/ (status: draft). Next: write prompt.md, solution/ and the tests, then `taskgate check {shown}`.")
    return 0
