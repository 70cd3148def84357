"""Write a report of the dataset: a self-contained HTML page, or Markdown for a PR comment.

The checks' results come from the result cache (as `taskgate check` fills it), so a report
after a check costs little more than a warm check. The page names the commit and a time that
does not change between runs on the same commit: `SOURCE_DATE_EPOCH` when set, else HEAD's
commit time.
"""

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
    parser.add_argument("--no-cache", action="store_true", help="check every task afresh and leave the result cache alone")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.dataset.state import gather
    from taskgate.ci.dataset.report import render_html, render_markdown
    from taskgate.ci.dataset.stamp import stamp_of

    repo = Repo(args.repo) if args.repo else Repo.discover()
    if not repo.task_ids:
        raise no_tasks(repo)
    states = gather(repo, cache=not args.no_cache)
    title = args.title or f"taskgate report: {repo.root.name}"
    text = (render_html if args.format == "html" else render_markdown)(states, title, stamp_of(repo.root))
    if args.out:
        atomic.write(args.out, text)
        console.info(f"taskgate report: wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
