"""Run the static checks over tasks (all of them when no path is given).

Stages: `commit` is what pre-commit runs (drafts need no calibration); `merge` is what a pull
request gate runs (every requirement of a ready task; drafts are rejected).

In CI: `--format github` annotates the pull request's diff, `--format sarif` feeds code
scanning, `--summary "$GITHUB_STEP_SUMMARY"` adds a table of tasks x checks to the run's page,
and `--paths-from FILE` takes the task list of `taskgate plan --format paths` (an empty list
checks no task).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.core import registry
from taskgate.hooks.output import summary
from taskgate.hooks.core.engine import Report, check_repo, make_context, severity
from taskgate.hooks.core.engine import run as run_checks
from taskgate.hooks.output.formats import FORMATS
from taskgate.hooks.workspace import listing
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.selection import require_tasks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="task directories or files in them (default: the whole repository)")
    parser.add_argument("--stage", choices=registry.STAGES, default="commit")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--hook", action="append", choices=registry.STATIC_HOOKS, help="run only this hook's rules (repeatable)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first path or the current directory)")
    parser.add_argument("--no-cache", action="store_true", help="check every task afresh and leave the result cache alone (see TASKGATE_CACHE_DIR)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: TASKGATE_JOBS, else one per CPU)")
    parser.add_argument("--paths-from", type=Path, metavar="FILE", help="also read PATHs from FILE, one per line ('-' for stdin); an empty list checks no task")
    parser.add_argument("--commit-files", action="store_true", help="PATHs are a commit's files, as pre-commit passes them: files outside every task are not an error")
    parser.add_argument("--base", metavar="REF", default="HEAD",
                        help="the commit the change is judged against (default HEAD; in a pull request's gate, the plan's base): "
                             "of two near-duplicate tasks, one missing from REF is the newer one (INT001)")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append a Markdown table of tasks x checks to FILE, e.g. \"$GITHUB_STEP_SUMMARY\"")


def _read_paths(source: Path) -> list[Path]:
    try:
        text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--paths-from {source}: cannot be read ({exc})") from None
    return [Path(line) for line in text.splitlines() if line.strip()]


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    paths = list(args.paths) + (_read_paths(args.paths_from) if args.paths_from else [])
    start = args.repo or (paths[0] if paths else cwd)
    if args.repo is not None and not args.repo.is_dir():
        raise UsageError(f"{args.repo}: not a directory")
    repo = Repo.discover(start)
    if args.base != "HEAD" and not listing.commit_exists(repo.root, args.base):
        raise UsageError(f"--base {args.base}: not a commit of the repository at {repo.root}")
    repo.base = args.base
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    hooks = tuple(args.hook or registry.STATIC_HOOKS)
    if args.paths_from and not paths:
        # An empty plan: nothing to check but the repository-level rules.
        selected: list[str] = []
        report = Report(sorted(set(check_repo(make_context(repo, args.stage), hooks))), 0)
    else:
        selected = repo.select(paths)
        report = run_checks(repo, paths, stage=args.stage, hooks=hooks, cache=not args.no_cache, jobs=args.jobs)
    rendered = FORMATS[args.format](report.findings, repo.root, cwd)
    sys.stdout.write(console.findings_text(rendered) if args.format == "text" else rendered)
    if not (args.paths_from and not paths):  # an empty plan checks no task, by design
        sys.stdout.flush()
        require_tasks(repo, report.tasks_checked, paths, hooks=hooks, commit_files=args.commit_files)
    if args.summary:
        rows = [f"{repo.tasks_root}/{t}" for t in selected]
        summary.append(args.summary, summary.findings_table(f"taskgate check --stage {args.stage}", report.findings, rows, hooks, repo.tasks_root))
    if args.format == "text":
        errors = len(report.errors())
        notes = sum(1 for f in report.findings if severity(f.code) == "note")
        warnings = len(report.findings) - errors - notes
        tasks = len({f.path.split("/")[1] for f in report.findings if f.path.startswith(repo.tasks_root + "/")})
        status = "no findings" if not report.findings else f"{errors} error(s), {warnings} warning(s), {notes} note(s) in {tasks} task(s)"
        console.info(f"taskgate: {report.tasks_checked} task(s) checked at stage {args.stage}: {status}")
    console.detail(f"taskgate: repository {repo.root}, tasks in {repo.tasks_root}/, {report.tasks_cached} of {report.tasks_checked} task result(s) from the cache")
    return 1 if report.errors() else 0
