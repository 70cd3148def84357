"""Reading and writing a task's calibration: calibration.json and calibration/attempts/.

Each attempt has a directory `calibration/attempts/<role>-<model slug>-<n>/` holding
`response.json` (the response body, re-serialised with sorted keys) and, when the response had
code, `solution/<file>`: the candidate, at the path the ground truth has under solution/. Writes
are atomic: a file is written beside its target and renamed over it; an attempt directory is
assembled under a temporary name and renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskgate import __version__
from taskgate.hooks.workspace import atomic
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.loaders import load_json
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.schema import validate
from taskgate.hooks.workspace.task import Task

SCHEMA = "calibration.schema.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    atomic.write(path, data, fsync=True)

def dump_json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def canonical_response(body: dict[str, Any]) -> bytes:
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def candidate_name(task: Task) -> str:
    """The file (relative to solution/) a candidate is written to: the ground truth's only file.

    A multi-file ground truth has no single place for one extracted block, so it is refused.
    """
    files = [e.rel for e in task.files_under("solution")]
    if len(files) != 1:
        what = "no files" if not files else f"{len(files)} files ({', '.join(files[:4])}{', …' if len(files) > 4 else ''})"
        raise UsageError(f"{task.rel}: solution/ has {what}; calibration writes the extracted code to the ground truth's single solution file")
    return files[0][len("solution/"):]


@dataclass(frozen=True)
class Attempt:
    """Where one attempt lives and what it holds."""

    dir: str  # task-relative, e.g. calibration/attempts/target-m-1
    response_sha256: str
    candidate: dict[str, str] | None  # {"path", "sha256"} or None when there was no code


def write_attempt(task: Task, role: str, model: str, attempt: int, body: dict[str, Any], code: str | None, name: str) -> Attempt:
    rel = rec.attempt_dir(role, model, attempt)
    final = task.dir / rel
    staging = atomic.staging_dir(final.parent, f".{final.name}.")
    try:
        response = canonical_response(body)
        (staging / rec.RESPONSE).write_bytes(response)
        candidate = None
        if code is not None:
            data = code.encode("utf-8")
            target = staging / "solution" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            candidate = {"path": f"{rel}/solution/{name}", "sha256": sha256(data)}
        if final.exists() or final.is_symlink():
            shutil.rmtree(final) if final.is_dir() and not final.is_symlink() else final.unlink()
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Attempt(rel, sha256(response), candidate)


def file_matches(task: Task, rel: str, digest: str) -> bool:
    if posixpath.normpath(rel) != rel or rel.startswith(("/", "..")):
        return False
    path = task.dir / rel
    try:
        return not path.is_symlink() and path.is_file() and sha256(path.read_bytes()) == digest
    except OSError:
        return False


def run_files_intact(task: Task, run: dict[str, Any]) -> bool:
    if not file_matches(task, f"{run['dir']}/{rec.RESPONSE}", run["response_sha256"]):
        return False
    candidate = run["candidate"]
    return candidate is None or file_matches(task, candidate["path"], candidate["sha256"])


def stored_response(task: Task, run: dict[str, Any]) -> dict[str, Any] | None:
    path = task.dir / run["dir"] / rec.RESPONSE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_record(task: Task) -> dict[str, Any] | None:
    """The existing record when it loads and follows the schema, else None (it is replaced)."""
    path = task.dir / rec.RECORD
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    loaded = load_json(text)
    if not loaded.ok or not isinstance(loaded.data, dict) or validate(loaded.data, resources.schema(SCHEMA)):
        return None
    return loaded.data


def build_record(
    *, hash_value: str, files: dict[str, str], environment: str | None, rule: dict[str, Any], runs: list[dict[str, Any]], pivot: str,
    base_image: str | None = None,
) -> dict[str, Any]:
    ordered = sorted(runs, key=rec.run_sort_key)
    derived = rec.derive(rule, ordered)
    return {
        "schema_version": rec.SCHEMA_VERSION,
        "toolchain_version": __version__,
        "task_hash": {"algorithm": "sha256", "value": hash_value, "files": dict(sorted(files.items()))},
        "environment_digest": environment,
        "base_image_override": base_image,
        "rule": rule,
        "runs": ordered,
        "summary": derived.summary,
        "verdict": derived.verdict,
        "reasoning_pivot": pivot,
    }


def write_record(task: Task, record: dict[str, Any]) -> None:
    atomic_write(task.dir / rec.RECORD, dump_json(record))


def remove_stray_attempts(task: Task, keep: set[str]) -> list[str]:
    """Delete attempt directories (and other files under calibration/) not in `keep`."""
    root = task.dir / rec.ATTEMPTS_DIR
    removed: list[str] = []
    if root.is_dir():
        for child in sorted(root.iterdir()):
            rel = f"{rec.ATTEMPTS_DIR}/{child.name}"
            if rel in keep:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
            removed.append(rel)
    cal = task.dir / rec.CAL_DIR
    if cal.is_dir():
        for child in sorted(cal.iterdir()):
            if child.name != "attempts":
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
                removed.append(f"{rec.CAL_DIR}/{child.name}")
    return removed
