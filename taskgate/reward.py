"""Reward functions trainers load by path and name; they score with taskgate's sandbox.

- verl: `custom_reward_function.path=<this file>`, `custom_reward_function.name=compute_score`;
  verl calls `compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs)`
  per response and gets a float.
- OpenRLHF: `--remote_rm_url <this file> --label_key reward_model`; OpenRLHF calls
  `reward_func(queries, prompts, labels)` once per batch (`queries` are prompt + response) and
  gets `{"rewards", "scores", "extra_logs"}` (tensors when torch is importable, else lists).

The task is named by `task_id` in `ground_truth` or `extra_info` (both written by `taskgate
export`; OpenRLHF's label may also be the task id itself) and is run from the repository at
$TASKGATE_REPO (default: found from the working directory). $TASKGATE_REWARD=fraction gives the
share of the ground truth's tests passed instead of 1/0; $TASKGATE_BASE_IMAGE builds the task
images FROM that image (as `calibrate --base-image`); $TASKGATE_REWARD_JOBS (default 2) scores an
OpenRLHF batch concurrently. A hack verdict scores 0 and is logged; an infrastructure failure
raises `InfraError` (never a 0), so the step fails and the trainer's retry takes over.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from taskgate.ci.reward.scorer import InfraError, Score, Scorer

__all__ = ["InfraError", "compute_score", "reward_func", "scorer"]
log = logging.getLogger("taskgate.reward")
_lock = threading.Lock()
_scorer: Scorer | None = None


def scorer() -> Scorer:
    """The process's scorer (one warm sandbox per image and thread), made on first use."""
    global _scorer
    with _lock:
        if _scorer is None:
            from taskgate.hooks.workspace.repo import Repo

            repo = Repo.discover(Path(os.environ["TASKGATE_REPO"]) if os.environ.get("TASKGATE_REPO") else None)
            _scorer = Scorer(repo, base_image=os.environ.get("TASKGATE_BASE_IMAGE") or None, mode=os.environ.get("TASKGATE_REWARD", "binary"))
        return _scorer


def reset() -> None:
    """Drop the process's scorer and its warm containers (tests; a changed environment)."""
    global _scorer
    with _lock:
        if _scorer is not None:
            _scorer.close()
        _scorer = None


def task_id_of(*sources: Any) -> str:
    """The task id from a ground truth / extra_info / label: a dict, its JSON text, or the id."""
    for source in sources:
        if isinstance(source, str):
            text = source.strip()
            if text.startswith("{"):
                try:
                    source = json.loads(text)
                except ValueError:
                    continue
            elif text:
                return text
        if isinstance(source, dict):
            for key in ("task_id", "task"):
                if isinstance(source.get(key), str) and source[key]:
                    return str(source[key])
            for nested in ("ground_truth", "extra_info"):
                if isinstance(source.get(nested), dict):
                    found = _maybe(source[nested])
                    if found:
                        return found
    raise ValueError("taskgate reward: no task_id in ground_truth or extra_info (re-export the dataset with `taskgate export`)")


def _maybe(source: Any) -> str | None:
    try:
        return task_id_of(source)
    except ValueError:
        return None


def _checked(result: Score) -> Score:
    if result.verdict == "infra":
        raise InfraError(f"taskgate reward: {result.task}: the sandbox could not judge the response (retry it): {result.reason}")
    if result.verdict not in ("pass", "fail"):
        log.warning("taskgate reward: %s: verdict %s (reward 0): %s", result.task, result.verdict, result.reason)
    return result


def compute_score(data_source: Any, solution_str: str, ground_truth: Any, extra_info: Any = None, **kwargs: Any) -> float:
    """verl's custom reward function."""
    task_id = task_id_of(ground_truth, extra_info)
    value = _checked(scorer().score(task_id, solution_str)).score
    return float(value or 0.0)


def reward_func(queries: list[str], prompts: list[str], labels: list[Any]) -> dict[str, Any]:
    """OpenRLHF's custom reward function (`--remote_rm_url path/to/reward.py`)."""
    if not (len(queries) == len(prompts) == len(labels)):
        raise ValueError(f"taskgate reward: {len(queries)} queries, {len(prompts)} prompts and {len(labels)} labels")
    responses = [q.removeprefix(p) for q, p in zip(queries, prompts)]
    ids = [task_id_of(label) for label in labels]
    jobs = max(1, int(os.environ.get("TASKGATE_REWARD_JOBS", "2")))
    active = scorer()
    with cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="taskgate-reward") as pool:
        results = list(pool.map(active.score, ids, responses))
    rewards = [float(_checked(r).score or 0.0) for r in results]
    hacks = [1.0 if r.verdict == "hack" else 0.0 for r in results]
    return {"rewards": _tensor(rewards), "scores": _tensor(rewards), "extra_logs": {"taskgate_hack": _tensor(hacks)}}


def _tensor(values: list[float]) -> Any:
    try:
        import torch
    except ImportError:
        return values
    return torch.tensor(values, dtype=torch.float32)
