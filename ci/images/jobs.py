"""Running `build` or `verify-build` over selected tasks and printing the outcome.

Text goes to stdout (passing tasks as one summary line each, failures as findings with indented
detail), a one-line tally to stderr. Exit code: 0 all good, 1 a task failed, 2 no engine.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from taskgate.ci.images import report
from taskgate.ci.images import image_digest as buildkit
from taskgate.ci.images.build import BuildError
from taskgate.ci.images.docker_engine import EngineUnavailable, connect
from taskgate.ci.images.verify import build_task, verify_task
from taskgate import console
from taskgate.hooks.output import formats
from taskgate.hooks.output.formats import display_path
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.task import Task


def run(kind: str, paths: list[Path], repo_arg: Path | None, fmt: str, *, nocache: bool = False) -> int:
    repo, ids = Repo.for_tasks(paths, repo_arg)
    try:
        client = connect()
    except EngineUnavailable as exc:
        raise UsageError(str(exc)) from exc
    job: Callable[[Task], report.Outcome]
    if kind == "build":
        job = lambda task: report.built(task, build_task(task, client, repo.root, repo.config, nocache=nocache), repo.root)
    else:
        support = buildkit.support(client)
        job = lambda task: report.verified(verify_task(task, client, repo.root, repo.config, support), repo.root)
    outcomes: list[report.Outcome] = []
    cwd = Path.cwd()
    verb = "building" if kind == "build" else "building twice and comparing"
    for index, task_id in enumerate(ids, start=1):
        task = repo.task(task_id)
        console.progress(kind, index, len(ids), f"{task.rel}: {verb}")
        started = time.monotonic()
        try:
            outcome = job(task)
        except BuildError as exc:
            outcome = report.build_failed(task, exc)
        except EngineUnavailable as exc:
            raise UsageError(str(exc)) from exc
        outcomes.append(outcome)
        console.progress(kind, index, len(ids), f"{task.rel}: {outcome.status} ({time.monotonic() - started:.1f}s)")
        if fmt == "text":
            _print_text(outcome, repo.root, cwd)
    if fmt == "json":
        sys.stdout.write(json.dumps([o.data for o in outcomes], indent=2, sort_keys=True) + "\n")
    tally = Counter(o.status for o in outcomes)
    console.info(f"taskgate {kind}: {len(outcomes)} task(s): " + ", ".join(f"{n} {status}" for status, n in sorted(tally.items())))
    return 1 if any(o.failed for o in outcomes) else 0


def _print_text(outcome: report.Outcome, root: Path, cwd: Path) -> None:
    if outcome.summary:
        print(outcome.summary.replace(outcome.task.rel, display_path(outcome.task.rel, root, cwd), 1))
    for f, detail in outcome.findings:
        print(console.findings_text(formats.line(f, display_path(f.path, root, cwd))))
        for line in detail:
            print(line)
    sys.stdout.flush()
