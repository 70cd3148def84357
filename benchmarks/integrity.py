"""What the integrity hook adds to a run (issue 17): cold, warm, and a one-task pre-commit run.

    python -m benchmarks.integrity --tasks 10000 --runs 3

Generates the benchmark dataset (`benchmarks/generate.py`: variations of the example tasks, so
every task has near-duplicates and the LSH buckets are as crowded as they can get), then times,
as separate processes, each against the same command with `--hook config` (start-up, listing and
the repository-level config rules only), so the difference is what the integrity family adds:

- `taskgate check --no-cache --hook integrity`: the whole family cold (every task's per-task
  rules and signatures in the worker processes, the near-duplicate pass);
- `taskgate check --hook integrity` with an empty cache directory (cold, filling the result cache
  and the signature store), then again (warm: nothing changed);
- `taskgate-hook integrity FILE` for one task whose prompt is edited before each run, cache and
  store complete: what the hook adds to a pre-commit run;
- in process, the near-duplicate pass alone for that one task (store complete).

Child processes write bytecode (PYTHONDONTWRITEBYTECODE is dropped and every command runs once
before it is timed), as an installed taskgate does: otherwise each run would also compile every
module it imports. CPU seconds are user + system of the child processes (resource.getrusage).

Writes benchmarks/out/integrity.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def _process(argv: list[str], cwd: Path, env: dict[str, str], runs: int, edit: Path | None = None,
             before: Callable[[], None] | None = None) -> dict[str, float]:
    """Median wall and CPU time of a command; with `edit`, a line is appended to that file before
    each run (an edited task: its per-task checks run and its signature is recomputed); `before`
    runs before each run, untimed."""
    def once() -> None:
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr[-2000:]}")

    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        if edit is not None:
            with open(edit, "a", encoding="utf-8") as fh:
                fh.write(f"\nEdited at {time.time_ns()}.\n")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        once()
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
    return {"wall_s": round(statistics.median(walls), 4), "cpu_s": round(statistics.median(cpus), 4),
            "min_wall_s": round(min(walls), 4), "max_wall_s": round(max(walls), 4)}


def _pass(root: Path, selected: list[str] | None, use_cache: bool) -> int:
    from taskgate.hooks.core.engine import make_context
    from taskgate.hooks.rules.integrity.duplicates import check_duplicates
    from taskgate.hooks.workspace.repo import Repo

    repo = Repo(root)
    ctx = make_context(repo, "commit")
    ctx.repo, ctx.selected, ctx.use_cache = repo, selected, use_cache
    if selected is not None:
        repo.select([root / repo.tasks_root / t for t in selected])
    return len(list(check_duplicates(ctx)))


def _added(result: dict[str, object], name: str, integrity: str, config: str) -> None:
    got, base = result[integrity], result[config]
    result[f"added_{name}_s"] = round(got["wall_s"] - base["wall_s"], 3)  # type: ignore[index]
    result[f"added_{name}_cpu_s"] = round(got["cpu_s"] - base["cpu_s"], 3)  # type: ignore[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hook-only", action="store_true", help="fill the cache once and time only the one-task runs")
    parser.add_argument("--out", type=Path, default=None, help="where to write the JSON (default benchmarks/out/integrity[-hook].json)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taskgate-bench-integrity-") as tmp:
        root = Path(tmp) / "data"
        cache = Path(tmp) / "cache"
        generate(root, args.tasks)
        os.environ["TASKGATE_CACHE_DIR"] = str(cache)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        from taskgate.hooks.workspace.repo import Repo

        ids = Repo(root).task_ids
        one = ids[len(ids) // 2]
        result: dict[str, object] = {"tasks": args.tasks, "runs": args.runs}
        check = [sys.executable, "-m", "taskgate", "check", "--stage", "commit"]
        hook_file = str(root / "tasks" / one / "prompt.md")
        hook = [sys.executable, "-m", "taskgate.hooks.main"]
        for argv in ([*check, "--no-cache", "--hook", "config", str(root / "tasks" / one)], [*hook, "integrity", hook_file]):
            subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False)  # writes the bytecode

        def empty_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        if not args.hook_only:
            for name in ("config", "integrity"):
                result[f"check_{name}_cold"] = _process([*check, "--no-cache", "--hook", name], root, env, args.runs)
            _added(result, "cold_check", "check_integrity_cold", "check_config_cold")
            for name in ("config", "integrity"):
                result[f"check_{name}_cold_cached"] = _process([*check, "--hook", name], root, env, args.runs, before=empty_cache)
                result[f"check_{name}_warm"] = _process([*check, "--hook", name], root, env, args.runs)
            _added(result, "cold_cached_check", "check_integrity_cold_cached", "check_config_cold_cached")
            _added(result, "warm_check", "check_integrity_warm", "check_config_warm")
        subprocess.run([*check, "--hook", "integrity"], cwd=root, env=env, capture_output=True, check=False)  # cache and store complete
        result["duplicates_pass_one_task"] = _median(lambda: _pass(root, [one], True), max(args.runs, 5))
        runs = max(args.runs, 7)
        result["hook_config_one_task"] = _process([*hook, "config", hook_file], root, env, runs, edit=Path(hook_file))
        result["hook_integrity_one_task"] = _process([*hook, "integrity", hook_file], root, env, runs, edit=Path(hook_file))
        _added(result, "one_task_hook", "hook_integrity_one_task", "hook_config_one_task")
    OUT.mkdir(exist_ok=True)
    out = args.out or OUT / ("integrity-hook.json" if args.hook_only else "integrity.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
