"""Build records: `.taskgate/builds/<task id>.json` under the repository root.

A record binds a task (its content hash) to the image built from it and to that image's
environment digest, so later steps (test runs, calibration) can say exactly which environment
their results came from, and notice when it changed. `.taskgate/` holds its own `.gitignore`
(`*`), so records are never committed by accident. Writes are atomic; content is deterministic
(no timestamps: the same build gives the same bytes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace import atomic

STATE_DIR = ".taskgate"
RECORDS_DIR = f"{STATE_DIR}/builds"
SCHEMA_VERSION = 1


def record_path(root: Path, task_id: str) -> Path:
    return root / RECORDS_DIR / f"{task_id}.json"


def _ensure_dir(root: Path) -> Path:
    state = root / STATE_DIR
    directory = root / RECORDS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        atomic.write(ignore, "# taskgate's local state (build records); never committed\n*\n")
    return directory


def write_record(root: Path, record: dict[str, Any]) -> Path:
    """Write `record` (which names its task under "task") atomically; returns the path."""
    _ensure_dir(root)
    path = record_path(root, str(record["task"]))
    body = {"schema_version": SCHEMA_VERSION, **record}
    atomic.write(path, json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def read_record(root: Path, task_id: str) -> dict[str, Any] | None:
    """The record of `task_id`, or None when there is none or it does not parse."""
    try:
        data = json.loads(record_path(root, task_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema_version") == SCHEMA_VERSION else None
