"""Plan a pull request's checks: the tasks changed since the merge base with --base, as JSON.

Tasks are added, modified, renamed (a moved task directory is one task) or deleted; a change to
taskgate.yaml, to the taskgate pin (.pre-commit-config.yaml, workflows that run taskgate) or to
a `plan.global_paths` file selects every task. The JSON's `matrix` feeds a GitHub Actions
dynamic matrix (at most 256 shards); `--github-output "$GITHUB_OUTPUT"` sets the step outputs
`matrix`, `empty`, `all`, `count`, `shards` and `fetch-depth`. `--all` plans every task (the
weekly re-validation). Needs the `ci` extra (GitPython).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from taskgate import console

FORMATS = ("json", "text", "paths")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--base", metavar="REF", help="plan the changes from the merge base of REF and --head (e.g. origin/main, HEAD^1)")
    which.add_argument("--all", action="store_true", help="plan every task at --head")
    parser.add_argument("--head", default="HEAD", metavar="REF", help="the commit to check (default: HEAD)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--shards", type=int, metavar="N", help="split the tasks into N shards (1-256)")
    size.add_argument("--max-per-shard", type=int, metavar="M", help="at most M tasks per shard (default 1), unless that needs over 256 shards")
    parser.add_argument("--format", choices=FORMATS, default="json", help="json (default), text for people, or paths: one task directory per line")
    parser.add_argument("--github-output", type=Path, metavar="FILE", help="append step outputs to FILE, i.e. \"$GITHUB_OUTPUT\"")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append a Markdown section to FILE, i.e. \"$GITHUB_STEP_SUMMARY\"")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the dataset (a directory at or below its taskgate.yaml; default: the current one)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.planning import plan as planner
    from taskgate.ci.planning import shards
    from taskgate.hooks.output import summary

    repo = planner.open_repo(args.repo)
    prefix = planner.dataset_prefix(repo, args.repo)
    if args.all:
        plan = planner.plan_all(repo, args.head, prefix)
    else:
        plan = planner.plan_changes(repo, args.base, args.head, prefix)
    data = shards.as_dict(plan, shards=args.shards, max_per_shard=args.max_per_shard)
    if args.format == "json":
        out = shards.render_json(data)
    elif args.format == "text":
        out = shards.render_text(data)
    else:
        root = Path(repo.working_tree_dir) / prefix
        out = "".join(Path(os.path.relpath(root / p, Path.cwd())).as_posix() + "\n" for p in data["tasks"])
    if args.github_output:
        summary.append(args.github_output, shards.github_outputs(data))
    if args.summary:
        summary.append(args.summary, shards.render_summary(data))
    sys.stdout.write(out)
    if args.format != "text":
        console.info(shards.render_text(data).splitlines()[0])
    return 0
