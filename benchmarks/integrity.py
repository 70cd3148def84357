"""What the integrity hook adds to a run (issue 17): cold, warm, and a one-task pre-commit run.

    python -m benchmarks.integrity --tasks 10000 --runs 3

Generates the benchmark dataset (`benchmarks/generate.py`: variations of the example tasks, so
every task has near-duplicates and the LSH buckets are as crowded as they can get), then times:

- the repository-level near-duplicate pass alone, in process: cold (empty signature store),
  warm (nothing changed), and a one-task partial run against a complete store;
- `taskgate check --no-cache --hook integrity` against `--hook config` (start-up and listing
  only) as separate processes: the whole family's cold cost, per-task rules included;
- `taskgate-hook integrity FILE` against `taskgate-hook config FILE` for one task whose prompt is
  edited before each run, store complete: what the hook adds to a pre-commit run (wall time;
  on a loaded machine compare the CPU figures of the in-process partial pass).

Writes benchmarks/out/integrity.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate

OUT = Path(__file__).resolve().parent / "out"


def _median(fn, runs: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_s": round(statistics.median(walls), 4), "cpu_s": round(statistics.median(cpus), 4),
            "min_wall_s": round(min(walls), 4), "max_wall_s": round(max(walls), 4)}


def _process(argv: list[str], cwd: Path, env: dict[str, str], runs: int, edit: Path | None = None) -> dict[str, float]:
    """Median wall time of a command; with `edit`, a line is appended to that file before each
    run (an edited task: its per-task checks run and its signature is recomputed)."""
    def once() -> None:
        if edit is not None:
            with open(edit, "a", encoding="utf-8") as fh:
                fh.write(f"\nEdited at {time.time_ns()}.\n")
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr[-2000:]}")

    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        once()
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"wall_s": round(statistics.median(walls), 4), "cpu_s": round(statistics.median(cpus), 4),
            "min_wall_s": round(min(walls), 4), "max_wall_s": round(max(walls), 4)}


def _pass(root: Path, selected: list[str] | None, use_cache: bool) -> int:
    from taskgate.hooks.core.engine import make_context
    from taskgate.hooks.workspace.repo import Repo
    from taskgate.hooks.rules.integrity.duplicates import check_duplicates

    repo = Repo(root)
    ctx = make_context(repo, "commit")
    ctx.repo, ctx.selected, ctx.use_cache = repo, selected, use_cache
    if selected is not None:
        repo.select([root / repo.tasks_root / t for t in selected])
    return len(list(check_duplicates(ctx)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hook-only", action="store_true", help="fill the store once and time only the one-task runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taskgate-bench-integrity-") as tmp:
        root = Path(tmp) / "data"
        cache = Path(tmp) / "cache"
        generate(root, args.tasks)
        os.environ["TASKGATE_CACHE_DIR"] = str(cache)
        env = {**os.environ, "TASKGATE_CACHE_DIR": str(cache)}
        from taskgate.hooks.workspace.repo import Repo

        ids = Repo(root).task_ids
        one = ids[len(ids) // 2]
        result: dict[str, object] = {"tasks": args.tasks, "runs": args.runs}

        def cold() -> None:
            for path in cache.glob("signatures-*"):
                path.unlink()
            _pass(root, None, True)

        if args.hook_only:
            _pass(root, None, True)
        else:
            result["duplicates_pass_cold"] = _median(cold, args.runs)
            _pass(root, None, True)
            result["duplicates_pass_warm"] = _median(lambda: _pass(root, None, True), args.runs)
        result["duplicates_pass_one_task"] = _median(lambda: _pass(root, [one], True), max(args.runs, 5))
        check = [sys.executable, "-m", "taskgate", "check", "--stage", "commit", "--no-cache"]
        if not args.hook_only:
            result["findings_whole"] = _pass(root, None, True)
            result["check_config_cold"] = _process([*check, "--hook", "config"], root, env, args.runs)
            result["check_integrity_cold"] = _process([*check, "--hook", "integrity"], root, env, args.runs)
        hook_file = str(root / "tasks" / one / "prompt.md")
        hook = [sys.executable, "-m", "taskgate.hooks.main"]
        result["hook_config_one_task"] = _process([*hook, "config", hook_file], root, env, max(args.runs, 5), edit=Path(hook_file))
        result["hook_integrity_one_task"] = _process([*hook, "integrity", hook_file], root, env, max(args.runs, 5), edit=Path(hook_file))
        if not args.hook_only:
            result["added_cold_check_s"] = round(result["check_integrity_cold"]["wall_s"] - result["check_config_cold"]["wall_s"], 3)  # type: ignore[index]
            result["added_cold_check_cpu_s"] = round(result["check_integrity_cold"]["cpu_s"] - result["check_config_cold"]["cpu_s"], 3)  # type: ignore[index]
        result["added_one_task_hook_s"] = round(result["hook_integrity_one_task"]["wall_s"] - result["hook_config_one_task"]["wall_s"], 3)  # type: ignore[index]
        result["added_one_task_hook_cpu_s"] = round(result["hook_integrity_one_task"]["cpu_s"] - result["hook_config_one_task"]["cpu_s"], 3)  # type: ignore[index]
    OUT.mkdir(exist_ok=True)
    (OUT / ("integrity-hook.json" if args.hook_only else "integrity.json")).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
