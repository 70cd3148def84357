"""Build each task twice without cache and check that the environment is reproducible.

Level 1, always: the environment digest (every path's type, mode, owner, size and content hash,
plus Env/Entrypoint/Cmd/WorkingDir/User; mtimes excluded) must match; differing paths are listed
with the Dockerfile step that wrote them (BLD002). Level 2, where the engine's BuildKit supports
SOURCE_DATE_EPOCH and rewrite-timestamp: identical image digests. Needs a Docker engine; writes
.taskgate/builds/<task id>.json. Exit codes: 0 reproducible, 1 not (or a build failed), 2 no engine.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="TASK", help="task directories or files in them (default: every task)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first path or the current directory)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.images import jobs

    return jobs.run("verify-build", args.paths, args.repo, args.format)
