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
import tempfile
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


TINY_YAML = """schema_version: 1
id: tiny-add
title: Add two integers
category: algorithms
language: python
status: draft
signature: "def add(a: int, b: int) -> int:"
constraints: {time: O(1), space: O(1)}
edge_cases: [negative numbers]
test_command: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
timeout_seconds: 30
authors: [taskgate benchmarks]
"""


def tiny_repo(root: Path) -> tuple[Path, list[tuple[str, str | None]]]:
    """One task whose tests take a few tenths of a second: the sandbox's own cost shows."""
    task = root / "tasks" / "tiny-add"
    files = {
        "task.yaml": TINY_YAML,
        "prompt.md": "Implement `def add(a: int, b: int) -> int:`.\n",
        "Dockerfile": "FROM base\nENV PYTHONPATH=/task/solution\nWORKDIR /task\n",
        "solution/add.py": "def add(a, b):\n    return a + b\n",
        "tests/test_add.py": "from add import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_negative():\n    assert add(-2, -3) == -5\n",
    }
    for rel, text in files.items():
        (task / rel).parent.mkdir(parents=True, exist_ok=True)
        (task / rel).write_text(text)
    good = "```python\ndef add(a, b):\n    return a + b\n```"
    bad = "```python\ndef add(a, b):\n    return a - b\n```"
    return root, [("tiny-add", good if n % 2 == 0 else bad) for n in range(16)]


def measure(warm: bool, jobs: int, rounds: int, base_image: str, root: Path = EXAMPLES, items: list[tuple[str, str | None]] | None = None) -> dict[str, object]:
    from taskgate.ci.reward.scorer import Score, Scorer
    from taskgate.hooks.workspace.repo import Repo

    items = items if items is not None else responses()
    scorer = Scorer(Repo(root), base_image=base_image, warm=warm)
    spent: dict[str, list[float]] = {}

    def timed(item: tuple[str, str | None]) -> Score:
        begun = time.monotonic()
        score = scorer.score(*item)
        spent.setdefault(item[0], []).append(time.monotonic() - begun)
        return score

    try:
        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(lambda i: scorer.score(*i), items))  # untimed: images, ground-truth runs, containers
            started = time.monotonic()
            verdicts: dict[str, int] = {}
            for _ in range(rounds):
                for score in pool.map(timed, items):
                    verdicts[score.verdict] = verdicts.get(score.verdict, 0) + 1
            seconds = time.monotonic() - started
        n = len(items) * rounds
        return {"case": root.name if root != EXAMPLES else "examples", "mode": "warm" if warm else "fresh", "jobs": jobs, "scores": n, "seconds": round(seconds, 2),
                "scores_per_s": round(n / seconds, 2), "verdicts": verdicts, "cpus": os.cpu_count(),
                "containers_started": scorer.pool.started if scorer.pool else None, "recycled": scorer.pool.recycled if scorer.pool else None,
                # wall seconds of one score, per task (with `jobs` scores running side by side)
                "seconds_per_score": {task: round(sum(t) / len(t), 2) for task, t in sorted(spent.items())}}
    finally:
        scorer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-fresh", action="store_true")
    parser.add_argument("--tiny-only", action="store_true", help="only the one-task case that shows the sandbox's own cost")
    args = parser.parse_args(argv)
    env = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"
    refs = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line)
    base = os.environ.get("TASKGATE_TEST_PYTHON_IMAGE", refs["TASKGATE_TEST_PYTHON_IMAGE"])
    with tempfile.TemporaryDirectory() as scratch:
        root, items = tiny_repo(Path(scratch) / "tiny")
        for warm_mode in (True, False):
            print(json.dumps(measure(warm_mode, args.jobs, args.rounds, base, root, items), sort_keys=True), flush=True)
    if args.tiny_only:
        return 0
    warm = measure(True, args.jobs, args.rounds, base)
    print(json.dumps({**warm, "target_scores_per_s": TARGET}, sort_keys=True), flush=True)
    if not args.skip_fresh:
        print(json.dumps(measure(False, args.jobs, 1, base), sort_keys=True), flush=True)
    return 0 if float(warm["scores_per_s"]) >= TARGET else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
