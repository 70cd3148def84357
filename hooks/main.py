"""Entry point of the pre-commit hooks: `taskgate-hook HOOK [FILENAMES...]`.

pre-commit splits the staged files into chunks and runs one process per chunk, so a hook sees
only some files. Each file is mapped to its task and every task touched is checked whole, from
disk; files outside any task are ignored (taskgate.yaml selects every task). Checking zero tasks
fails as `selection.require_tasks` says: a commit of only a README passes, a misplaced task not.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from taskgate.hooks.core import registry
from taskgate.hooks.core.engine import run
from taskgate.hooks.output.formats import FORMATS
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.selection import require_tasks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="taskgate-hook", description=__doc__.splitlines()[0])
    parser.add_argument("hook", choices=registry.STATIC_HOOKS)
    parser.add_argument("filenames", nargs="*", type=Path)
    parser.add_argument("--stage", choices=registry.STAGES, default="commit")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--no-cache", action="store_true", help="check afresh; leave the result cache alone")
    # pre-commit appends file names after any `args:` options, so options and names intermix.
    args = parser.parse_intermixed_args(argv)
    cwd = Path.cwd()
    try:
        repo = Repo.discover(cwd)
        existing = [p for p in args.filenames if p.exists() or p.is_symlink()]
        if args.filenames and not existing:
            return 0
        report = run(repo, existing, stage=args.stage, hooks=(args.hook,), cache=not args.no_cache)
        sys.stdout.write(FORMATS[args.format](report.findings, repo.root, cwd))
        sys.stdout.flush()
        require_tasks(repo, report.tasks_checked, existing, hooks=(args.hook,), commit_files=True)
    except UsageError as exc:
        print(f"taskgate-hook: error: {exc}", file=sys.stderr)
        return 2
    return 1 if report.errors() else 0


if __name__ == "__main__":
    raise SystemExit(main())
