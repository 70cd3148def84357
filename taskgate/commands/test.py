"""Run tasks' tests in the sandbox on the ground truth, or on a candidate (--candidate DIR).

The candidate (default: the task's solution/) is copied to /task/solution, the tests beside it,
read-only; test_command runs from /task with no network, a read-only root filesystem, a
non-root user and memory, CPU, pids and time limits. Prints one verdict per task: PASS, FAIL
or INFRA (timeout, OOM kill, engine error: not a test failure), and writes the result as JSON
under .taskgate/runs/<task>/. Exit status: 0 all passed, 1 a candidate failed, 3 only
infrastructure failures, 2 usage error or no Docker engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="+", type=Path, metavar="TASK", help="task directories (or files in them)")
    parser.add_argument("--candidate", type=Path, metavar="DIR", help="a directory to use as solution/ (one task only)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.images.docker_engine import EngineError, connect
    from taskgate.ci.gate.gate import GateSettings
    from taskgate.ci.sandbox.testjob import test_task

    repo, ids = Repo.for_tasks(args.tasks, args.repo)
    if args.candidate is not None and len(ids) != 1:
        raise UsageError("--candidate needs exactly one task")
    if args.candidate is not None and not args.candidate.is_dir():
        raise UsageError(f"{args.candidate}: not a directory")
    settings = GateSettings.from_config(repo.config.section("gate"))
    records, verdicts = [], []
    try:
        client = connect()
        for index, task_id in enumerate(ids, start=1):
            console.progress("test", index, len(ids), f"{repo.task(task_id).rel}: running the tests on {'the candidate' if args.candidate else 'the ground truth'}")
            job = test_task(repo.root, repo.task(task_id), client, repo.config, candidate_dir=args.candidate, limits=settings.limits, retries=settings.retries)
            verdicts.append(job.result.verdict)
            records.append(job.record)
            if args.format == "text":
                r = job.result
                colour = {"pass": "green", "fail": "red"}.get(r.verdict, "yellow")
                print(f"{job.task.rel}: {console.paint(r.verdict.upper(), colour, sys.stdout)} {r.candidate}: {r.reason} ({r.seconds:.1f}s)")
                for note in r.notes:
                    print(f"  note: {note}")
                console.info(f"  result: {job.path.relative_to(repo.root).as_posix()}")
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        sys.stdout.write(json.dumps(records, indent=2, sort_keys=True) + "\n")
    if "fail" in verdicts:
        return 1
    return 3 if "infra" in verdicts else 0
