"""Run results on disk: `.taskgate/runs/<task id>/<kind>-<env>-<tests>-<candidate>.json`.

The name binds a result to the environment digest, the hash of the tests (tests/ and subject/)
and the candidate's content hash (12 hex digits each; the full values are inside). Writes are
atomic, through the same writer as the build records; `.taskgate/` carries a `.gitignore` of
`*` so results are never committed by accident.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskgate.ci.images.records import STATE_DIR
from taskgate.hooks.workspace import atomic

RUNS_DIR = f"{STATE_DIR}/runs"


def _short(digest: str) -> str:
    return digest.split(":", 1)[-1][:12]


def result_path(root: Path, task_id: str, kind: str, env_digest: str, tests_hash: str, candidate_hash: str) -> Path:
    return root / RUNS_DIR / task_id / f"{kind}-{_short(env_digest)}-{_short(tests_hash)}-{_short(candidate_hash)}.json"


def write_json(path: Path, payload: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = next((p for p in path.parents if p.name == STATE_DIR), None)
    if state is not None and not (state / ".gitignore").exists():
        atomic.write(state / ".gitignore", "# taskgate's local state (build records, run results); never committed\n*\n")
    atomic.write(path, json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
