"""Throughput of the training reward: scores per second on the example tasks' recorded responses.

    flock /work/notes/docker.lock python benchmarks/reward_throughput.py [--jobs 2] [--rounds 3]

Target (issue 20): at least 4 scores/s on 2 cores with warm sandboxes, isolation unchanged.
Every recorded response of examples/dataset (4 tasks: Python/pytest and Node) is scored
`--rounds` times with `--jobs` workers, after one untimed round that builds the images and starts
the warm containers; the same is timed with a fresh container per run (the gate's sandbox) for
comparison. Prints one JSON line per mode and exits 1 when the warm target is missed.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "dataset"
TARGET = 4.0


def responses() -> list[tuple[str, str | None]]:
    from taskgate.ci.calibration.chat import content

    out = []
    for path in sorted((EXAMPLES / "recorded-responses").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                item = json.loads(line)
                out.append((item["task"], content(item["response"])))
    return out


def measure(warm: bool, jobs: int, rounds: int, base_image: str) -> dict[str, object]:
    from taskgate.ci.reward.scorer import Scorer
    from taskgate.hooks.workspace.repo import Repo

    items = responses()
    scorer = Scorer(Repo(EXAMPLES), base_image=base_image, warm=warm)
    try:
        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(lambda i: scorer.score(*i), items))  # untimed: images, ground-truth runs, containers
            started = time.monotonic()
            verdicts: dict[str, int] = {}
            for _ in range(rounds):
                for score in pool.map(lambda i: scorer.score(*i), items):
                    verdicts[score.verdict] = verdicts.get(score.verdict, 0) + 1
            seconds = time.monotonic() - started
        n = len(items) * rounds
        return {"mode": "warm" if warm else "fresh", "jobs": jobs, "scores": n, "seconds": round(seconds, 2),
                "scores_per_s": round(n / seconds, 2), "verdicts": verdicts, "cpus": os.cpu_count(),
                "containers_started": scorer.pool.started if scorer.pool else None, "recycled": scorer.pool.recycled if scorer.pool else None}
    finally:
        scorer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-fresh", action="store_true")
    args = parser.parse_args(argv)
    env = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"
    refs = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line)
    base = os.environ.get("TASKGATE_TEST_PYTHON_IMAGE", refs["TASKGATE_TEST_PYTHON_IMAGE"])
    warm = measure(True, args.jobs, args.rounds, base)
    print(json.dumps({**warm, "target_scores_per_s": TARGET}, sort_keys=True), flush=True)
    if not args.skip_fresh:
        print(json.dumps(measure(False, args.jobs, 1, base), sort_keys=True), flush=True)
    return 0 if float(warm["scores_per_s"]) >= TARGET else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
