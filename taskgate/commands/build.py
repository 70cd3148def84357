"""Build each task's image (tag: taskgate/<task id>:<task hash>) and record its environment digest.

Needs a Docker engine. Writes .taskgate/builds/<task id>.json under the repository root.
Exit codes: 0 built, 1 a build failed (BLD001), 2 no engine or bad usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="TASK", help="task directories or files in them (default: every task)")
    parser.add_argument("--no-cache", action="store_true", help="do not reuse cached layers")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first path or the current directory)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.images import jobs

    return jobs.run("build", args.paths, args.repo, args.format, nocache=args.no_cache)
