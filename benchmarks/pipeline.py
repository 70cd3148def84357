"""The pipeline a team would otherwise assemble, run over the same files.

- check-jsonschema with taskgate's task schema on every task.yaml (schema only: no layout,
  prompt, calibration or determinism checks);
- hadolint on every Dockerfile;
- ruff with a banned-API list (flake8-tidy-imports TID251) on every Python file: clock reads,
  unseeded randomness, OS entropy and network modules, by name only (no seeding analysis, no
  other languages).

Each tool gets all its files in one `xargs` invocation (split only by the argument-length
limit), its own cache disabled; a tool that is not installed is reported as missing, never
estimated.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks.measure import measure

REPO = Path(__file__).resolve().parent.parent
BANNED = {
    "time.time": "clock read", "time.time_ns": "clock read", "time.monotonic": "clock read",
    "time.perf_counter": "clock read", "datetime.datetime.now": "clock read",
    "datetime.datetime.utcnow": "clock read", "datetime.date.today": "clock read",
    "random.random": "unseeded global RNG", "random.randint": "unseeded global RNG",
    "random.choice": "unseeded global RNG", "random.shuffle": "unseeded global RNG",
    "random.seed": "seed only with a constant", "random.SystemRandom": "OS entropy",
    "uuid.uuid1": "time-based id", "uuid.uuid4": "OS entropy", "os.urandom": "OS entropy",
    "secrets": "OS entropy", "socket": "network", "urllib.request": "network",
    "http.client": "network", "requests": "network", "httpx": "network",
}


def ruff_config(out_dir: Path) -> Path:
    path = out_dir / "pipeline-ruff.toml"
    lines = ["[lint]", 'select = ["TID251"]', "", "[lint.flake8-tidy-imports.banned-api]"]
    lines += [f'"{name}".msg = "{why}"' for name, why in sorted(BANNED.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def _tool(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def _file_list(repo: Path, out_dir: Path, name: str, pattern: str) -> tuple[Path, int]:
    paths = sorted(p.relative_to(repo).as_posix() for p in (repo / "tasks").glob(pattern) if p.is_file())
    listing = out_dir / f"pipeline-{repo.name}-{name}.list"
    listing.write_bytes(b"".join(p.encode() + b"\0" for p in paths))
    return listing, len(paths)


def measure_pipeline(repo: Path, out_dir: Path, env: Mapping[str, str], runs: int) -> dict[str, Any]:
    ruff_toml = ruff_config(out_dir)
    schema = REPO / "schemas" / "task.schema.json"
    plan = [
        ("check-jsonschema", "*/task.yaml", ["--schemafile", str(schema), "--no-cache"]),
        ("hadolint", "*/Dockerfile", ["--no-fail", "--no-color"]),
        ("ruff", "**/*.py", ["check", "--no-cache", "--config", str(ruff_toml), "--exit-zero", "--quiet"]),
    ]
    out: dict[str, Any] = {"tools": {}}
    total = 0.0
    complete = True
    for tool, pattern, options in plan:
        binary = _tool(tool)
        listing, count = _file_list(repo, out_dir, tool, pattern)
        if binary is None:
            out["tools"][tool] = {"missing": True, "files": count}
            complete = False
            continue
        argv = ["xargs", "-0", "-a", str(listing), binary, *options]
        stats = measure(argv, runs=runs, cwd=repo, env=env)
        out["tools"][tool] = {**stats.as_dict(), "files": count}
        total += stats.median("wall_s")
    if complete:
        out["total_wall_s"] = total
    return out
