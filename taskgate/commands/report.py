"""Write a report of the dataset: a self-contained HTML page, or Markdown for a PR comment."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from taskgate.hooks.workspace.repo import Repo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("html", "markdown"), default="html")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--title", default=None)
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the current directory)")


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.dataset.state import gather
    from taskgate.ci.dataset.report import render_html, render_markdown

    repo = Repo(args.repo) if args.repo else Repo.discover()
    states = gather(repo)
    title = args.title or f"taskgate report: {repo.root.name}"
    text = (render_html if args.format == "html" else render_markdown)(states, title)
    if args.out:
        write_atomic(args.out, text)
        print(f"taskgate report: wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
