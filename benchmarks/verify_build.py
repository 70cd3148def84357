"""Timing of `taskgate verify-build` (two no-cache builds, two exports, comparison).

    python benchmarks/verify_build.py            # needs the engine and images of .ci/docker-up.sh

Targets (the issue: "verification of a small task takes well under a minute"):
- a small busybox task: under 15 s;
- a Python example task (Debian bookworm base, `pip install pytest`): under 45 s.
Prints one JSON line per case and exits 1 when a target is missed.
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
TARGETS = {"busybox-small": 15.0, "python-example": 45.0}


def images() -> dict[str, str]:
    env = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"
    values = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line)
    return {**values, **{k: v for k, v in os.environ.items() if k.startswith("TASKGATE_TEST_")}}


def main() -> int:
    from taskgate.ci.images.docker_engine import connect
    from taskgate.ci.images.verify import verify_task
    from taskgate.hooks.workspace.repo import Repo

    refs = images()
    client = connect()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ds"
        small = root / "tasks" / "busybox-small"
        small.mkdir(parents=True)
        (small / "Dockerfile").write_text(f"FROM {refs['TASKGATE_TEST_BUSYBOX_IMAGE']}\nRUN mkdir -p /opt && echo ok > /opt/x\nWORKDIR /task\n")
        example = root / "tasks" / "python-example"
        shutil.copytree(ROOT / "examples/dataset/tasks/fix-greedy-batch-packer", example)
        dockerfile = example / "Dockerfile"
        dockerfile.write_text(re.sub(r"^FROM\s+\S+", f"FROM {refs['TASKGATE_TEST_PYTHON_IMAGE']}", dockerfile.read_text(), flags=re.M))
        repo = Repo(root)
        for task_id, target in TARGETS.items():
            started = time.monotonic()
            result = verify_task(repo.task(task_id), client, repo.root, repo.config)
            seconds = round(time.monotonic() - started, 2)
            ok = seconds <= target and result.reproducible
            failed |= not ok
            print(json.dumps({"case": task_id, "seconds": seconds, "target": target, "builds_seconds": result.seconds,
                              "paths": result.envs[0].files, "level": result.level, "ok": ok}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
