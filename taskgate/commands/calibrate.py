"""Calibrate tasks against the target and reference models (writes calibration.json).

Each task's prompt is sent to the target model `target_attempts` times (default 5) and to each
reference model `reference_attempts` times, through the OpenAI-compatible chat-completions API
configured under `models:` in taskgate.yaml (keys come from the environment variables named
there), or replayed from a recording with --responses. The last code block in the task's
language is run in the sandbox; the facts go to calibration.json and calibration/attempts/.
Completed attempts are reused when the task and its environment are unchanged.

Exit status: 0 when every task is in-band, 1 otherwise (too-easy, too-cold, incomplete or an
error), 2 on a usage error. See docs/calibration.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.selection import no_tasks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="+", type=Path, metavar="TASK", help="task directories (or files in them)")
    parser.add_argument("--responses", type=Path, action="extend", nargs="+", metavar="FILE.jsonl", help="replay recorded responses (one or more JSONL files) instead of querying models")
    parser.add_argument("--extend", type=int, metavar="N", help="re-sample a borderline target result to N attempts (rule applied to the failure rate)")
    parser.add_argument("--base-image", metavar="IMAGE", help="build the environment FROM IMAGE instead of the Dockerfile's FROM (offline CI); recorded in the record")
    parser.add_argument("--fresh", action="store_true", help="ignore the existing record and sample every attempt again")
    parser.add_argument("--no-progress", action="store_true", help="no progress: neither the bar (on a terminal) nor the progress lines (otherwise)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.calibration.calibrate import calibrate
    from taskgate.ci.calibration.sandbox import DockerSandbox
    from taskgate.ci.calibration.chat import Retry
    from taskgate.ci.calibration.responses import Live, Replay
    from taskgate.hooks.rules.calibration import record as rec

    repo = Repo.discover(args.repo or args.tasks[0])
    task_ids = repo.select(list(args.tasks))
    if not task_ids:
        raise no_tasks(repo, args.tasks)
    settings = rec.settings(repo.config)
    if args.responses is not None:
        source = Replay(args.responses)
    else:
        source = Live(Retry(int(settings["max_retries"]), float(settings["backoff_seconds"]), float(settings["request_timeout_seconds"])))
    bar = not args.no_progress and sys.stderr.isatty() and console.level() >= console.NORMAL
    lines = not bar and not args.no_progress
    outcomes = calibrate(
        repo, task_ids, source, DockerSandbox(repo, args.base_image), extend=args.extend, fresh=args.fresh,
        show_progress=bar, notify=(lambda message: console.info(f"taskgate calibrate: {message}")) if lines else None,
    )
    ok = True
    for outcome in outcomes:
        for note in outcome.notes:
            console.info(f"{outcome.task}: {note}")
        for error in outcome.errors:
            print(f"{outcome.task}: error: {error}" if not error.startswith(outcome.task) else f"{error}", file=sys.stderr)
        if outcome.verdict is None:
            print(f"{outcome.task}: not calibrated")
        else:
            print(f"{outcome.task}: {outcome.verdict} ({outcome.summary or 'no runs'})")
        ok = ok and outcome.verdict == "in-band" and not outcome.errors
    return 0 if ok else 1
