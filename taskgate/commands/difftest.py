"""Compare a candidate with the ground truth on generated inputs (differential testing).

Inputs come from the task's signature (type annotations, refined by `difftest:` in task.yaml);
the ground truth and the candidate each run in their own sandboxed container, their results are
compared as exact plain data, and the first difference is shrunk to a small counterexample.
Prints `differs`, `agrees` or `error` per task (`--format json`: one object per task). Exit
status: 0 agrees, 1 differs, 3 error (not covered, infrastructure), 2 usage or no Docker engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.repo import Repo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="+", type=Path, metavar="TASK", help="task directories (or files in them)")
    parser.add_argument("--candidate", type=Path, metavar="DIR", required=True, help="a directory to compare as solution/")
    parser.add_argument("--examples", type=int, default=100, help="generated inputs per task (default 100; task.yaml `difftest.examples` wins)")
    parser.add_argument("--seed", type=int, default=0, help="the generation seed: the same seed gives the same inputs (default 0)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.difftest.run import Budget, compare
    from taskgate.ci.gate.gate import GateSettings
    from taskgate.ci.images.docker_engine import EngineError, connect
    from taskgate.ci.images.taskimage import image_for
    from taskgate.ci.sandbox import candidate as cand
    from taskgate.ci.sandbox.runner import prepare

    if args.examples < 1:
        raise UsageError("--examples must be at least 1")
    if not args.candidate.is_dir():
        raise UsageError(f"{args.candidate}: not a directory")
    repo, ids = Repo.for_tasks(args.tasks, args.repo)
    settings = GateSettings.from_config(repo.config.section("gate"))
    budget = Budget(examples=args.examples, seed=args.seed)
    reports = []
    try:
        client = connect()
        for task_id in ids:
            task = repo.task(task_id)
            setup = prepare(task, client, image_for(task, client, repo.root, repo.config), limits=settings.limits, retries=settings.retries)
            report = compare(setup, cand.read_dir(args.candidate), budget, progress=lambda m: print(m, file=sys.stderr, flush=True))
            reports.append(report)
            if args.format == "text":
                print(f"{task.rel}: {report.verdict} ({report.examples} inputs)" + (f": {report.reason}" if report.reason else ""))
                if report.verdict == "differs":
                    print(f"  input:    {report.input}\n  expected: {report.expected}\n  got:      {report.got}")
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        sys.stdout.write("".join(json.dumps(r.as_dict(), sort_keys=True) + "\n" for r in reports))
    verdicts = {r.verdict for r in reports}
    return 1 if "differs" in verdicts else 3 if "error" in verdicts else 0
