"""A plan as GitHub Actions consumes it: shards for a dynamic matrix, JSON, text, step outputs.

GitHub runs at most 256 jobs from one matrix, so tasks are grouped into at most 256 shards of
contiguous, sorted ids whose sizes differ by at most one. An empty plan has an empty matrix and
`empty=true`, which downstream jobs test in their `if:` to skip cleanly (a matrix job over an
empty list would fail instead).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from taskgate.ci.planning.plan import Plan
from taskgate.hooks.core.errors import UsageError

MAX_JOBS = 256
# Ids that go into the matrix, where job steps split them on spaces. Anything else (a name no
# task may have: the layout and metadata rules reject it) is left to the static gate.
SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
SAFE_ROOT = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9._/-]*$")


def split(tasks: list[str], *, shards: int | None = None, max_per_shard: int | None = None) -> list[list[str]]:
    """Balanced contiguous shards: `shards` of them, or as few as hold `max_per_shard` each."""
    if shards is not None and not 1 <= shards <= MAX_JOBS:
        raise UsageError(f"--shards must be between 1 and {MAX_JOBS} (GitHub runs at most {MAX_JOBS} jobs per matrix)")
    if max_per_shard is not None and max_per_shard < 1:
        raise UsageError("--max-per-shard must be at least 1")
    if not tasks:
        return []
    if shards is not None:
        count = min(shards, len(tasks))
    else:
        count = min(math.ceil(len(tasks) / (max_per_shard or 1)), MAX_JOBS)
    size, extra = divmod(len(tasks), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(tasks[start:end])
        start = end
    return out


def _label(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{ids[0]} .. {ids[-1]} ({len(ids)} tasks)"


def _matrix_ids(plan: Plan) -> list[str]:
    root_ok = SAFE_ROOT.match(plan.tasks_root) is not None
    return [t for t in plan.tasks if root_ok and SAFE_ID.match(t)]


def matrix(plan: Plan, **sharding: int | None) -> dict[str, Any]:
    """`{"include": [{shard, of, label, tasks, paths}, ...]}`; `tasks` (ids) and `paths` (task
    directories relative to the dataset root) are space-separated, safe to split in a shell."""
    groups = split(_matrix_ids(plan), **sharding)
    return {
        "include": [
            {
                "shard": i,
                "of": len(groups),
                "label": _label(group),
                "tasks": " ".join(group),
                "paths": " ".join(f"{plan.tasks_root}/{t}" for t in group),
            }
            for i, group in enumerate(groups, 1)
        ]
    }


def as_dict(plan: Plan, **sharding: int | None) -> dict[str, Any]:
    m = matrix(plan, **sharding)
    return {
        "version": 1,
        "base": plan.base,
        "head": plan.head,
        "fetch_depth": plan.fetch_depth,
        "tasks_root": plan.tasks_root,
        "all": plan.all,
        "reasons": plan.reasons,
        "count": len(plan.tasks),
        "empty": not plan.tasks,
        "tasks": plan.paths(),
        "changes": [c.as_dict(plan.tasks_root) for c in plan.changes],
        "deleted": [f"{plan.tasks_root}/{t}" for t in plan.deleted],
        "not_in_matrix": [f"{plan.tasks_root}/{t}" for t in sorted(set(plan.tasks) - set(_matrix_ids(plan)))],
        "shards": len(m["include"]),
        "matrix": m,
    }


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def render_text(data: dict[str, Any]) -> str:
    span = f"{data['base'][:12]}..{data['head'][:12]}" if data["base"] else f"at {data['head'][:12]}"
    lines = [f"plan {span}: {data['count']} task(s) to check in {data['shards']} shard(s)"]
    lines += [f"  every task: {reason}" for reason in data["reasons"]]
    for change in data["changes"]:
        moved = f" (from {change['from']})" if "from" in change else ""
        lines.append(f"  {change['change']:<9} {change['path']}{moved}")
    lines += [f"  not in the matrix (not a valid task path; the static checks reject it): {path}" for path in data["not_in_matrix"]]
    return "\n".join(lines) + "\n"


def github_outputs(data: dict[str, Any]) -> str:
    """`name=value` lines for $GITHUB_OUTPUT (values are single-line JSON or words)."""
    values = {
        "matrix": json.dumps(data["matrix"], separators=(",", ":"), ensure_ascii=False),
        "empty": "true" if data["empty"] else "false",
        "all": "true" if data["all"] else "false",
        "count": str(data["count"]),
        "shards": str(data["shards"]),
        "fetch-depth": str(data["fetch_depth"] or 0),
    }
    return "".join(f"{key}={value}\n" for key, value in values.items())


def render_summary(data: dict[str, Any], limit: int = 50) -> str:
    """A Markdown section for the job summary."""
    head = f"### taskgate plan: {data['count']} task(s) to check"
    lines = [head, ""]
    if data["all"]:
        lines += [f"Every task is checked: {'; '.join(data['reasons'])}.", ""]
    if not data["changes"] and not data["all"]:
        lines += ["No task changed: the task checks are skipped.", ""]
    if data["changes"]:
        lines += ["| task | change |", "| --- | --- |"]
        for change in data["changes"][:limit]:
            moved = f" from `{change['from']}`" if "from" in change else ""
            lines.append(f"| `{change['path']}` | {change['change']}{moved} |")
        if len(data["changes"]) > limit:
            lines.append(f"| ... | and {len(data['changes']) - limit} more |")
        lines.append("")
    return "\n".join(lines) + "\n"
