"""Wall time of `taskgate gate` on one example task, and how it splits.

    python benchmarks/gate_timing.py [TASK_ID]   # needs the engine and images of .ci/docker-up.sh

Cases, on a fresh copy of the example (FROM pointed at the CI base image):
- first: no build record yet, so the build includes the environment digest (an export);
- repeat: the build record is reused; containers run two at a time (`gate: parallel: 2`);
- serial: the same with `gate: parallel: 1`.
The split: wall-clock phases that add up to `total` (`build`, `baseline`, `checks`, `other`),
and apart from it the container time of the runs and of the mutation step, which overlap when
parallel > 1 (so they can add up to more than the `checks` phase).
Targets: first under 60 s, repeat under 30 s. Prints one JSON line per case; exit 1 on a miss.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"first": 60.0, "repeat": 30.0, "serial": None}


def python_image() -> str:
    env = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"
    values = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line) if env.is_file() else {}
    return os.environ.get("TASKGATE_TEST_PYTHON_IMAGE") or values["TASKGATE_TEST_PYTHON_IMAGE"]


def main(argv: list[str]) -> int:
    from taskgate.ci.images.docker_engine import connect
    from taskgate.ci.gate.gate import GateSettings, gate_task
    from taskgate.hooks.core.engine import make_context
    from taskgate.hooks.workspace.repo import Repo

    task_id = argv[0] if argv else "fix-greedy-batch-packer"
    client = connect()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ds"
        shutil.copytree(ROOT / "examples/dataset/tasks" / task_id, root / "tasks" / task_id)
        dockerfile = root / "tasks" / task_id / "Dockerfile"
        dockerfile.write_text(re.sub(r"(?m)^FROM\s+\S+", f"FROM {python_image()}", dockerfile.read_text(), count=1))
        for case, target in TARGETS.items():
            repo = Repo(root)
            settings = GateSettings(parallel=1 if case == "serial" else 2)
            started = time.monotonic()
            outcome = gate_task(repo.task(task_id), make_context(repo, "merge"), client, settings)
            seconds = round(time.monotonic() - started, 2)
            ok = not outcome.findings and (target is None or seconds <= target)
            failed |= not ok
            print(json.dumps({"case": case, "task": task_id, "seconds": seconds, "target": target, "split": outcome.record.get("timing"), "container": outcome.record.get("container_seconds"),
                              "findings": len(outcome.findings), "load": round(os.getloadavg()[0], 1), "ok": ok}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
