"""Export the tasks that pass the merge gate, for SFT and RL trainers.

Only `ready` tasks whose calibration is fresh and `in-band` and that pass every static merge
check are exported; the manifest names every other task with the reason it was left out. The
checks' results come from the result cache when `taskgate check` has seen the same content.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from taskgate import console
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.selection import no_tasks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("export"), help="output directory (replaced atomically; default: ./export)")
    parser.add_argument("--parquet", action="store_true", help="also write rl.parquet and sft.parquet (pyarrow)")
    parser.add_argument("--category", action="append", help="only tasks of this category (repeatable)")
    parser.add_argument("--language", action="append", help="only tasks in this language (repeatable)")
    parser.add_argument("--since", metavar="REF", help="only tasks changed since this git ref")
    parser.add_argument("--data-source", default=None, help="the data_source field (default: taskgate/<repository directory name>)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the current directory)")
    parser.add_argument("--no-cache", action="store_true", help="check every task afresh and leave the result cache alone")


def changed_since(repo: Repo, ref: str) -> set[str]:
    """Task ids with any file changed between `ref` and the work tree (committed or not)."""
    import git  # the `ci` extra; taskgate.cli names it when missing
    runner = git.Git(str(repo.root))  # paths below are relative to the repository root
    try:
        runner.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError as exc:
        raise UsageError(f"--since: {ref!r} is not a commit in the git repository at {repo.root}") from exc
    names = runner.diff("--name-only", "--no-renames", "--relative", ref, "--", repo.tasks_root).splitlines()
    names += runner.ls_files("--others", "--exclude-standard", "--", repo.tasks_root).splitlines()
    prefix = repo.tasks_root + "/"
    return {name[len(prefix):].split("/", 1)[0] for name in names if name.startswith(prefix)}


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.dataset.state import gather
    from taskgate.ci.dataset.export import export

    repo = Repo(args.repo) if args.repo else Repo.discover()
    ids = repo.task_ids
    if not ids:
        raise no_tasks(repo)
    if args.since:
        changed = changed_since(repo, args.since)
        ids = [i for i in ids if i in changed]
    states = gather(repo, ids, cache=not args.no_cache)
    if args.category:
        states = [s for s in states if s.category in args.category]
    if args.language:
        states = [s for s in states if s.language in args.language]
    source = args.data_source or f"taskgate/{repo.root.name}"
    result = export(states, repo.root, args.out, data_source=source, parquet=args.parquet)
    for task_id, reason in sorted(result.excluded.items()):
        console.info(f"taskgate export: left out {task_id}: {reason}")
    manifest = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))
    for task_id, why in sorted(manifest.get("no_image", {}).items()):
        console.info(f"taskgate export: {task_id} has no image reference (the reward will build it): {why}")
    console.info(f"taskgate export: {len(result.exported)} task(s) exported to {args.out}, {len(result.excluded)} left out")
    return 0
