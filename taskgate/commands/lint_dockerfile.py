"""Check Dockerfiles outside the task layout with the `dockerfile` hook's rules.

Each file's directory is its build context (requirements files, lockfiles, .dockerignore), unless
--context names another. Output and exit codes are those of `taskgate check`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.rules.dockerfile.hook import analyse_file
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.output import formats
from taskgate.hooks.output.formats import record
from taskgate.hooks.core.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="DOCKERFILE")
    parser.add_argument("--context", type=Path, help="build context directory (default: each Dockerfile's directory)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    if args.context is not None and not args.context.is_dir():
        raise UsageError(f"{args.context}: not a directory")
    findings: list[Finding] = []
    for path in args.paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        shown = path.as_posix()
        findings.extend(Finding(shown, r.line, r.column, r.code, r.message) for r in analyse_file(path, args.context))
    findings.sort()
    if args.format == "json":  # paths as given, unlike `taskgate check`, which knows a repository root
        sys.stdout.write(json.dumps([record(f, f.path) for f in findings], indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(console.findings_text("".join(formats.line(f) + "\n" for f in findings)))
    return 1 if findings else 0
