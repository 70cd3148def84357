"""Run tasks' tests in the sandbox on the ground truth, or on a candidate (--candidate DIR).

The candidate (default: the task's solution/) is copied to /task/solution, the tests beside it,
read-only; test_command runs from /task with no network, a read-only root filesystem, a
non-root user and memory, CPU, pids and time limits. Prints one verdict per task: PASS, FAIL,
HACK (the candidate tampers with the reward function, or the run's evidence contradicts itself)
or INFRA (timeout, OOM kill, engine error: not a test failure), then why: the failing tests with
their assertion (capped; `-v` for the full reports and the output's tail) or the tampering
evidence. The result is written as JSON under .taskgate/runs/<task>/. Exit status: 0 all
passed, 1 a candidate failed or was a hack, 3 only infrastructure failures, 2 usage error or no
Docker engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from taskgate import console
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError

if TYPE_CHECKING:
    from taskgate.ci.sandbox.runner import RunResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="+", type=Path, metavar="TASK", help="task directories (or files in them)")
    parser.add_argument("--candidate", type=Path, metavar="DIR", help="a directory to use as solution/ (one task only)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task)")


SHOWN = 5  # failing tests or evidence lines shown without -v
MESSAGE_CAP = 300


def explain(result: RunResult, verbose: int) -> list[str]:
    """Why a run did not pass, as indented lines: evidence of tampering, or the failing tests."""
    if result.verdict == "pass":
        return []
    lines = [f"  evidence: {item}" for item in (result.evidence if verbose else result.evidence[:SHOWN])]
    if len(result.evidence) > len(lines):
        lines.append(f"  ... {len(result.evidence) - len(lines)} more (-v)")
    bad = [t for t in result.tests if t.outcome != "passed"]
    for t in bad if verbose else bad[:SHOWN]:
        message = t.message if verbose or len(t.message) <= MESSAGE_CAP else t.message[: MESSAGE_CAP - 3] + "..."
        where = f" ({t.file}:{t.line})" if t.file and t.line else ""
        lines.append(f"  {t.outcome}: {t.id}{where}" + (f": {message}" if message else ""))
        if verbose and t.detail:
            lines += [f"    | {row}" for row in t.detail.splitlines()[-40:]]
    if not verbose and len(bad) > SHOWN:
        lines.append(f"  ... {len(bad) - SHOWN} more failing test(s) (-v)")
    if result.missing:
        lines.append(f"  did not run: {', '.join(result.missing[: None if verbose else SHOWN])}" + ("" if verbose or len(result.missing) <= SHOWN else " ..."))
    if verbose and result.output.strip():
        lines.append("  output (tail):")
        lines += [f"    | {row}" for row in result.output.strip().splitlines()[-60:]]
    return lines


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
                colour = {"pass": "green", "fail": "red", "hack": "red"}.get(r.verdict, "yellow")
                print(f"{job.task.rel}: {console.paint(r.verdict.upper(), colour, sys.stdout)} {r.candidate}: {r.reason} ({r.seconds:.1f}s)")
                for note in r.notes:
                    print(f"  note: {note}")
                for line in explain(r, getattr(args, "verbose", 0)):  # the global -v: every report and the output's tail
                    print(line)
                console.info(f"  result: {job.path.relative_to(repo.root).as_posix()}")
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        sys.stdout.write(json.dumps(records, indent=2, sort_keys=True) + "\n")
    if "fail" in verdicts or "hack" in verdicts:
        return 1
    return 3 if "infra" in verdicts else 0
