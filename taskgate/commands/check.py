"""Run the static checks over tasks (all of them when no path is given).

Stages: `commit` is what pre-commit runs (drafts need no calibration); `merge` is what a pull
request gate runs (every requirement of a ready task; drafts are rejected).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate.hooks import registry
from taskgate.hooks.engine import run as run_checks
from taskgate.hooks.output import FORMATS
from taskgate.hooks.repo import Repo, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="task directories or files in them (default: the whole repository)")
    parser.add_argument("--stage", choices=registry.STAGES, default="commit")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--hook", action="append", choices=registry.HOOKS, help="run only this hook's rules (repeatable)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first path or the current directory)")
    parser.add_argument("--no-cache", action="store_true", help="check every task afresh and leave the result cache alone (see TASKGATE_CACHE_DIR)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: TASKGATE_JOBS, else one per CPU)")


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    start = args.repo or (args.paths[0] if args.paths else cwd)
    if args.repo is not None and not args.repo.is_dir():
        raise UsageError(f"{args.repo}: not a directory")
    repo = Repo.discover(start)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    report = run_checks(repo, args.paths, stage=args.stage, hooks=tuple(args.hook or registry.HOOKS), cache=not args.no_cache, jobs=args.jobs)
    sys.stdout.write(FORMATS[args.format](report.findings, repo.root, cwd))
    if args.format == "text":
        errors = len(report.errors())
        warnings = len(report.findings) - errors
        tasks = len({f.path.split("/")[1] for f in report.findings if f.path.startswith(repo.tasks_root + "/")})
        status = "no findings" if not report.findings else f"{errors} error(s), {warnings} warning(s) in {tasks} task(s)"
        print(f"taskgate: {report.tasks_checked} task(s) checked at stage {args.stage}: {status}", file=sys.stderr)
    return 1 if report.errors() else 0
