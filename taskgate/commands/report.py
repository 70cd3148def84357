"""Write a report of the dataset: a self-contained HTML page, or Markdown for a PR comment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.workspace import atomic
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.selection import no_tasks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("html", "markdown"), default="html")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--title", default=None)
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the current directory)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.dataset.state import gather
    from taskgate.ci.dataset.report import render_html, render_markdown

    repo = Repo(args.repo) if args.repo else Repo.discover()
    if not repo.task_ids:
        raise no_tasks(repo)
    states = gather(repo)
    title = args.title or f"taskgate report: {repo.root.name}"
    text = (render_html if args.format == "html" else render_markdown)(states, title)
    if args.out:
        atomic.write(args.out, text)
        console.info(f"taskgate report: wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
