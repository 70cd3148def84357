"""Entry point of the pre-commit hooks: `taskgate-hook HOOK [FILENAMES...]` (`all`: every hook).

pre-commit splits the staged files into chunks and runs one process per chunk, so a hook sees
only some files. Each file is mapped to its task and every task touched is checked whole, from
disk; files outside any task are ignored (taskgate.yaml selects every task). Checking zero tasks
fails as `selection.require_tasks` says: a commit of only a README passes, a misplaced task not.
Within one pre-commit run the chunks claim what they check (core/chunks.py), so every task is
checked and reported by exactly one of them; a chunk with nothing left to claim exits before
loading any check.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from taskgate.hooks.core import chunks
from taskgate.hooks.core.locations import cache_dir
from taskgate.hooks.core.registry import STAGES, STATIC_HOOKS

ALL = "all"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="taskgate-hook", description=__doc__.splitlines()[0])
    parser.add_argument("hook", choices=(*STATIC_HOOKS, ALL))
    parser.add_argument("filenames", nargs="*", type=Path)
    parser.add_argument("--stage", choices=STAGES, default="commit")
    parser.add_argument("--format", choices=("github", "json", "sarif", "text"), default="text")
    parser.add_argument("--no-cache", action="store_true", help="check afresh; leave the result cache alone")
    # pre-commit appends file names after any `args:` options, so options and names intermix.
    args = parser.parse_intermixed_args(argv)
    hooks = STATIC_HOOKS if args.hook == ALL else (args.hook,)
    cwd = Path.cwd()
    claims = chunks.open_claims(cache_dir(), Path(os.path.realpath(cwd)), f"{args.stage}|{','.join(hooks)}|{args.format}")
    if claims is not None and args.format == "text" and claims.taken(chunks.WHOLE):
        return 0  # another chunk of this pre-commit run checks every task
    return _check(args, hooks, cwd, claims)


def _check(args: argparse.Namespace, hooks: tuple[str, ...], cwd: Path, claims: chunks.Claims | None) -> int:
    from taskgate.hooks.core.engine import run
    from taskgate.hooks.output.formats import FORMATS
    from taskgate.hooks.core.errors import UsageError
    from taskgate.hooks.workspace.repo import Repo
    from taskgate.hooks.workspace.selection import require_tasks

    try:
        repo = Repo.discover(cwd)
        existing = [p for p in args.filenames if p.exists() or p.is_symlink()]
        if args.filenames and not existing and not (claims is not None and claims.whole_run):
            return 0
        if claims is None:
            report = run(repo, existing, stage=args.stage, hooks=hooks, cache=not args.no_cache)
        else:
            tasks, whole, repo_level = chunks.plan(claims, repo, existing)
            report = run(repo, stage=args.stage, hooks=hooks, cache=not args.no_cache, tasks=tasks, whole=whole, repo_level=repo_level)
        sys.stdout.write(FORMATS[args.format](report.findings, repo.root, cwd))
        sys.stdout.flush()
        require_tasks(repo, report.tasks_checked, existing, hooks=hooks, commit_files=True)
    except UsageError as exc:
        print(f"taskgate-hook: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if claims is not None:
            claims.close()
    return 1 if report.errors() else 0


if __name__ == "__main__":
    raise SystemExit(main())
