"""Re-run every recorded calibration candidate in the sandbox and compare with the record (CI).

Runs the static calibration checks, checks each candidate is the code extracted from its
recorded response, then executes every counted candidate again: an outcome or test counts that
differ from calibration.json (a forged record, a flaky test) fail with the attempt named.
Exit status: 0 when every record is reproduced, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taskgate import console
from taskgate.hooks.output.formats import FORMATS
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.selection import no_tasks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="*", type=Path, metavar="TASK", help="task directories (default: every task with a calibration.json)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="run each candidate N times; disagreeing runs are reported as flaky")
    parser.add_argument("--base-image", metavar="IMAGE", help="build the environment FROM IMAGE instead of the Dockerfile's FROM (offline CI)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the first task or the current directory)")


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.calibration.sandbox import DockerSandbox
    from taskgate.ci.calibration.verify import verify
    from taskgate.hooks.rules.calibration.record import RECORD

    if args.repeat < 1:
        raise UsageError("--repeat must be at least 1")
    cwd = Path.cwd()
    repo = Repo.discover(args.repo or (args.tasks[0] if args.tasks else cwd))
    task_ids = repo.select(list(args.tasks))
    if not task_ids:
        raise no_tasks(repo, args.tasks)
    if not args.tasks:
        task_ids = [t for t in task_ids if RECORD in repo.task(t).entries]
    results = verify(repo, task_ids, DockerSandbox(repo, args.base_image), repeat=args.repeat)
    problems = sorted({p for r in results for p in r.problems})
    rendered = FORMATS[args.format](problems, repo.root, cwd)
    sys.stdout.write(console.findings_text(rendered) if args.format == "text" else rendered)
    for r in results:
        for note in r.notes:
            console.info(f"{r.task}: note: {note}")
    reran = sum(r.reran for r in results)
    status = "reproduced" if not problems else f"{len(problems)} problem(s)"
    console.info(f"taskgate: {len(results)} calibration record(s), {reran} candidate(s) re-run: {status}")
    return 1 if problems else 0
