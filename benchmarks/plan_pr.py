"""How fast `taskgate plan` is on a big dataset repository (pull-request gating, issue 7).

    python -m benchmarks.plan_pr --tasks 10000 --runs 5

Builds (with `git fast-import`, in a temporary directory) a repository of N tasks of 5 files
each on `main`, and a pull-request branch that modifies 3 tasks, adds one, renames one and
deletes one. Then times, as separate processes (what CI pays, interpreter start included):

  pr         `taskgate plan --base main`                 (the pull-request plan)
  pr-merge   the same on a depth-2 clone of the PR's merge commit with `--base HEAD^1`
  global     `taskgate plan --base main` after a taskgate.yaml change (selects all N)
  all        `taskgate plan --all --max-per-shard 1`     (the weekly run: 256 shards)

and prints median / min / max wall seconds. Results go to benchmarks/out/plan_pr.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, env=ENV, check=True)
    return done.stdout.decode()


def task_files(task_id: str) -> dict[str, bytes]:
    return {
        "task.yaml": f"schema_version: 1\nid: {task_id}\ntitle: Task {task_id}\ncategory: algorithms\nlanguage: python\nstatus: draft\n".encode(),
        "prompt.md": f"# {task_id}\n\nImplement `solve_{task_id.replace('-', '_')}` for the inputs below.\n".encode(),
        "Dockerfile": b"FROM python:3.12-slim\nWORKDIR /task\n",
        f"solution/{task_id.replace('-', '_')}.py": f"def solve_{task_id.replace('-', '_')}(xs):\n    return sorted(xs)\n".encode(),
        "tests/test_solution.py": f"from {task_id.replace('-', '_')} import *\n\ndef test_{task_id.replace('-', '_')}():\n    assert True\n".encode(),
    }


def fast_import(root: Path, n: int) -> None:
    """One commit on main holding N tasks, written in one `git fast-import` stream."""
    parts = [b"commit refs/heads/main\n", b"committer bench <bench@example.invalid> 1700000000 +0000\n", b"data 7\ninitial\n"]
    files = {"taskgate.yaml": b"schema_version: 1\n", "README.md": b"bench dataset\n"}
    for i in range(n):
        task_id = f"task-{i:05d}"
        files.update({f"tasks/{task_id}/{rel}": body for rel, body in task_files(task_id).items()})
    for path, body in files.items():
        parts.append(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n")
    git(root, "fast-import", "--quiet", data=b"".join(parts))
    git(root, "checkout", "-q", "main")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def build(base: Path, n: int) -> Path:
    repo = base / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    fast_import(repo, n)
    git(repo, "checkout", "-qb", "pr")
    for i in (1, n // 2, n - 2):
        write(repo, f"tasks/task-{i:05d}/prompt.md", "# changed\n")
    for rel, body in task_files("new-task").items():
        write(repo, f"tasks/new-task/{rel}", body.decode())
    git(repo, "mv", "tasks/task-00003", "tasks/task-renamed")
    git(repo, "rm", "-rq", "tasks/task-00004")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    git(repo, "checkout", "-q", "-b", "merge", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "pr")
    git(repo, "checkout", "-q", "pr")
    subprocess.run(["git", "clone", "-q", "--depth", "2", "--branch", "merge", f"file://{repo}", str(base / "merge")], env=ENV, check=True)
    global_repo = base / "global"
    subprocess.run(["git", "clone", "-q", "--branch", "pr", f"file://{repo}", str(global_repo)], env=ENV, check=True)
    git(global_repo, "branch", "-q", "main", "origin/main")
    write(global_repo, "taskgate.yaml", "schema_version: 1\nmin_mutants: 4\n")
    git(global_repo, "commit", "-qam", "config")
    return repo


def timed(cmd: list[str], cwd: Path, runs: int) -> dict[str, float | int]:
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        out = done.stdout
    data = json.loads(out)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "tasks": data["count"], "shards": data["shards"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    taskgate = [sys.executable, "-m", "taskgate"]
    with tempfile.TemporaryDirectory(prefix="taskgate-plan-bench-") as tmp:
        base = Path(tmp)
        start = time.perf_counter()
        repo = build(base, args.tasks)
        print(f"built a {args.tasks}-task repository in {time.perf_counter() - start:.1f}s", file=sys.stderr)
        results = {
            "pr": timed([*taskgate, "plan", "--base", "main"], repo, args.runs),
            "pr-merge": timed([*taskgate, "plan", "--base", "HEAD^1"], base / "merge", args.runs),
            "global": timed([*taskgate, "plan", "--base", "main"], base / "global", args.runs),
            "all": timed([*taskgate, "plan", "--all", "--max-per-shard", "1"], repo, args.runs),
        }
    OUT.mkdir(exist_ok=True)
    (OUT / "plan_pr.json").write_text(json.dumps({"tasks": args.tasks, "runs": args.runs, "results": results}, indent=2) + "\n")
    print(f"| scenario ({args.tasks} tasks) | tasks planned | shards | median s | min s | max s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(f"| {name} | {r['tasks']} | {r['shards']} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
