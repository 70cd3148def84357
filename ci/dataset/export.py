"""`taskgate export`: the gated dataset in the shapes trainers ingest.

RL records follow the layout verl and OpenRLHF read (`data_source`, `prompt` as chat messages,
`ability`, `reward_model` with `style: rule` and a `ground_truth` holding what the reward needs,
`extra_info`); SFT records pair the prompt with the ground truth rendered as the model should
answer. JSONL always, Parquet through pyarrow on request. Output is byte-identical for identical
input (sorted tasks, canonical JSON, no timestamps) and written atomically, with a manifest of
counts, per-file sha256 and the toolchain version so a trainer can verify what it reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskgate import __version__
from taskgate.ci.dataset.state import TaskState
from taskgate.ci.images.records import read_record
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace import atomic
from taskgate.hooks.workspace.task import Task

FENCE_LANG = {"python": "python", "javascript": "javascript", "typescript": "typescript", "java": "java", "go": "go", "cpp": "cpp", "rust": "rust"}


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _files(task: Task, top: str) -> list[dict[str, str]]:
    out = []
    for entry in task.files_under(top):
        text = task.text(entry.rel)
        if not isinstance(text, LoadError):
            out.append({"path": entry.rel, "content": text})
    return out


def _prompt(task: Task) -> str:
    text = task.text("prompt.md")
    return "" if isinstance(text, LoadError) else text


def image_of(state: TaskState, root: Path) -> tuple[dict[str, Any] | None, str]:
    """The image `build`/`verify-build` proved for this exact content (tag, image id — the
    content digest the engine computed — and environment digest), or None and why not."""
    record = read_record(root, state.task.id)
    if not record:
        return None, "no build record (run `taskgate build` or `taskgate verify-build` before exporting)"
    if record.get("task_hash") != state.task_hash:
        return None, "the build record is for other content (rebuild after the last change)"
    image = record.get("image") if isinstance(record.get("image"), dict) else {}
    if not isinstance(image.get("tag"), str) or not isinstance(image.get("id"), str):
        return None, "the build record names no image"
    digest = record.get("environment_digest")
    return {"tag": image["tag"], "id": image["id"], "environment_digest": digest if isinstance(digest, str) else None}, ""


def _summary(state: TaskState) -> dict[str, Any]:
    """Calibration facts with a fixed shape (a list per model, not a map keyed by model names),
    so columnar formats get one schema for every task."""
    cal = state.calibration or {}
    summary = cal.get("summary") if isinstance(cal.get("summary"), dict) else {}
    models = [
        {"model": name, "role": v.get("role"), "n": v.get("n"), "n_pass": v.get("n_pass")}
        for name, v in sorted(summary.items())
        if isinstance(v, dict)
    ]
    return {"verdict": cal.get("verdict"), "models": models, "rule": cal.get("rule")}


def rl_record(state: TaskState, root: Path, data_source: str) -> dict[str, Any]:
    task, meta = state.task, state.task.meta
    image, _why = image_of(state, root)
    reward_files = _files(task, "tests") if task.category != "testing" else [*_files(task, "subject"), *_files(task, "meta")]
    return {
        "data_source": data_source,
        "prompt": [{"role": "user", "content": _prompt(task)}],
        "ability": task.category,
        "reward_model": {
            "style": "rule",
            "ground_truth": {
                "tests": reward_files,
                "test_command": list(meta.get("test_command") or []),
                "timeout_seconds": meta.get("timeout_seconds"),
                "language": task.language,
                "environment_digest": (state.calibration or {}).get("environment_digest"),
                "image": image["tag"] if image else None,
                "image_id": image["id"] if image else None,
                "image_environment_digest": image["environment_digest"] if image else None,
                "task_id": task.id,
            },
        },
        "extra_info": {
            "task_id": task.id,
            "category": task.category,
            "language": task.language,
            "title": meta.get("title"),
            "task_hash": state.task_hash,
            "calibration": _summary(state),
        },
    }


def render_answer(task: Task) -> str:
    """The ground truth as the model should answer: one fenced block per file."""
    lang = FENCE_LANG.get(task.language or "", task.language or "")
    files = _files(task, "solution")
    if len(files) == 1:
        return f"```{lang}\n{files[0]['content'].rstrip()}\n```\n"
    return "".join(f"`{f['path']}`:\n\n```{lang}\n{f['content'].rstrip()}\n```\n\n" for f in files).rstrip() + "\n"


def sft_record(state: TaskState, data_source: str) -> dict[str, Any]:
    task = state.task
    return {
        "data_source": data_source,
        "messages": [{"role": "user", "content": _prompt(task)}, {"role": "assistant", "content": render_answer(task)}],
        "extra_info": {"task_id": task.id, "category": task.category, "language": task.language, "task_hash": state.task_hash},
    }


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    exported: list[str]
    excluded: dict[str, str]
    files: dict[str, str]  # file name -> sha256


def _write_parquet(records: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(records)
    pq.write_table(table, path, compression="zstd", use_dictionary=False, write_statistics=False)


def export(states: Iterable[TaskState], root: Path, out_dir: Path, *, data_source: str, parquet: bool = False) -> ExportResult:
    states = sorted(states, key=lambda s: s.task.id)
    eligible = [s for s in states if s.eligible]
    excluded = {s.task.id: s.reason or "" for s in states if not s.eligible}
    rl = [rl_record(s, root, data_source) for s in eligible]
    sft = [sft_record(s, data_source) for s in eligible]
    staging = atomic.staging_dir(out_dir.parent, f".{out_dir.name}.")
    try:
        (staging / "rl.jsonl").write_text("".join(canonical(r) + "\n" for r in rl), encoding="utf-8")
        (staging / "sft.jsonl").write_text("".join(canonical(r) + "\n" for r in sft), encoding="utf-8")
        if parquet:
            _write_parquet(rl, staging / "rl.parquet")
            _write_parquet(sft, staging / "sft.parquet")
        files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(staging.iterdir())}
        manifest = {
            "toolchain_version": __version__,
            "data_source": data_source,
            "counts": {"tasks": len(states), "exported": len(eligible), "excluded": len(excluded)},
            "tasks": [s.task.id for s in eligible],
            "excluded": excluded,
            "files": files,
            "no_image": {s.task.id: image_of(s, root)[1] for s in eligible if image_of(s, root)[0] is None},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        if out_dir.exists():
            backup = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(backup, ignore_errors=True)
            os.replace(out_dir, backup)
            os.replace(staging, out_dir)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(out_dir, [s.task.id for s in eligible], excluded, files)
