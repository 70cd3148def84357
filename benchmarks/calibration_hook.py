"""How fast the static calibration hook is on many calibrated tasks (issue 6).

    python -m benchmarks.calibration_hook --tasks 2000 --runs 3

Copies a calibrated example task (calibration.json, 8 attempts with responses and candidates)
N times into a temporary repository, then times `taskgate check --hook calibration --stage
merge` as a separate process (interpreter start included) and prints median / min / max wall
seconds and milliseconds per task. Every record is checked in full: schema, recomputed verdict,
task hash and the sha256 of every referenced file. Results go to benchmarks/out/calibration_hook.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dataset"
OUT = Path(__file__).resolve().parent / "out"


def build(root: Path, n: int, source: str) -> None:
    shutil.copy(EXAMPLE / "taskgate.yaml", root / "taskgate.yaml")
    for i in range(n):
        shutil.copytree(EXAMPLE / "tasks" / source, root / "tasks" / f"{source}-{i:05d}", ignore=shutil.ignore_patterns(".taskgate"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--task", default="interval-merge-with-gaps", help="the example task to copy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taskgate-bench-cal-") as tmp:
        root = Path(tmp)
        build(root, args.tasks, args.task)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "taskgate", "check", "--hook", "calibration", "--stage", "merge"],
                                  cwd=root, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if proc.returncode not in (0, 1):
                print(proc.stderr, file=sys.stderr)
                return 2
    result = {"tasks": args.tasks, "runs": args.runs, "median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
              "max_s": round(max(times), 3), "ms_per_task": round(statistics.median(times) / args.tasks * 1000, 2)}
    OUT.mkdir(exist_ok=True)
    (OUT / "calibration_hook.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
