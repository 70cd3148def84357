"""Prove each task's reward function sound by running it in the sandbox (needs Docker).

Checks (rules RUN001-RUN013, stage merge): the ground truth passes every test, at least
`gate: min_tests` ran and none is skipped or xfail; the outcomes are identical over
`gate: reruns` runs with varied hash seed, time zone, clock and test order; stubs and a
candidate that exits 0 on import fail; the mutation score of a Python ground truth reaches the
threshold; a `testing` task's suite kills every meta/mutants/*.patch. Findings are printed like
`taskgate check`'s; a per-task summary with timings goes to stderr and a record to
.taskgate/runs/<task>/gate-*.json. With no TASK, every task of the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.output.formats import FORMATS
from taskgate.hooks.core.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="*", type=Path, metavar="TASK", help="task directories (default: every task)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task or the current directory)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.images.docker_engine import EngineError, connect
    from taskgate.ci.gate.gate import GateSettings, gate_task
    from taskgate.hooks.core.engine import make_context, severity

    repo, ids = Repo.for_tasks(args.tasks, args.repo)
    ctx = make_context(repo, "merge")
    settings = GateSettings.from_config(repo.config.section("gate"))
    findings = []
    try:
        client = connect()
        for index, task_id in enumerate(ids, start=1):
            console.progress("gate", index, len(ids), f"{repo.task(task_id).rel}: building and running the reward function")
            outcome = gate_task(repo.task(task_id), ctx, client, settings)
            findings.extend(outcome.findings)
            console.progress("gate", index, len(ids), outcome.summary)
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    findings.sort()
    rendered = FORMATS[args.format](findings, repo.root, Path.cwd())
    sys.stdout.write(console.findings_text(rendered) if args.format == "text" else rendered)
    errors = sum(1 for f in findings if severity(f.code) == "error")
    console.info(f"taskgate gate: {len(ids)} task(s): {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if errors else 0
