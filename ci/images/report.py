"""Turning build and verification results into findings, summary lines and JSON.

Findings follow the house format (`path:line:col: CODE message`) and point at the Dockerfile
line of the step that failed or wrote the differing paths; the detail of each difference
follows on indented lines, at most `DETAIL_LIMIT` per finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.ci.images import steps
from taskgate.ci.images.build import DOCKERFILE, BuildError
from taskgate.ci.images.compare import Difference
from taskgate.ci.images.verify import LEVEL_IMAGE, Built, Verification
from taskgate.hooks.rules.ci_emitted import BUILD_FAILED, NOT_REPRODUCIBLE
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.rules.dockerfile.aptvolatile import APT_VOLATILE, VOLATILE_PATHS
from taskgate.hooks.workspace.task import Task

DETAIL_LIMIT = 20
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_STEP_LINE = re.compile(r"^(?:Step \d+/\d+ : |(?:\[\d+/\d+\] )?STEP \d+/\d+: )")  # classic builder, buildah
_BOOKKEEPING = (" ---> ", "Removing intermediate container", "error building at STEP", "Error: building at STEP")


@dataclass
class Outcome:
    task: Task
    status: str  # built | reproducible | not-reproducible | build-failed
    summary: str = ""  # one line for a task that passed
    findings: list[tuple[Finding, list[str]]] = field(default_factory=list)  # finding, detail lines
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.findings)


def _dockerfile(task: Task) -> str:
    text = task.text(DOCKERFILE)
    return text if isinstance(text, str) else ""


def failure_finding(task: Task, error: BuildError) -> Finding:
    """BLD001 at the instruction that failed (the FROM line for a base image that cannot be
    pulled): `build`, `verify-build` and `gate` report a failed build through this one place."""
    found = steps.steps(error.log)
    line = steps.step_line(_dockerfile(task), found[-1].number) if found else 1
    message = str(error)
    prefix = f"{task.path(DOCKERFILE)}: "
    message = message[len(prefix):] if message.startswith(prefix) else message
    return finding(BUILD_FAILED, task.path(DOCKERFILE), message, line=line)


def build_failed(task: Task, error: BuildError) -> Outcome:
    f = failure_finding(task, error)
    tail = [f"  {line_}" for line_ in _output_tail(error.log)]
    return Outcome(task, "build-failed", findings=[(f, tail)], data={"task": task.id, "status": "build-failed", "error": f.message, "line": f.line})


def _output_tail(log: str, limit: int = 8) -> list[str]:
    """The last lines the failing step printed, without the builder's own bookkeeping lines."""
    lines = log.splitlines()
    start = max((i for i, line in enumerate(lines) if _STEP_LINE.match(line)), default=0)
    own = [_ANSI.sub("", line) for line in lines[start + 1:]]
    own = [line for line in own if line.strip() and not line.startswith(_BOOKKEEPING)]
    return own[-limit:]


def built(task: Task, result: Built, root: Path) -> Outcome:
    b, env = result.build, result.env
    summary = f"{task.rel}: built {b.tag} ({b.image_id[:19]}) in {b.seconds:.1f}s; environment sha256:{env.digest[:16]} ({env.files} paths)"
    data = {
        "task": task.id, "status": "built", "tag": b.tag, "image_id": b.image_id, "seconds": b.seconds,
        "environment_digest": f"sha256:{env.digest}", "record": result.record.relative_to(root).as_posix(),
    }
    return Outcome(task, "built", summary=summary, data=data)


def _by_step(v: Verification, differences: list[Difference]) -> list[tuple[int, steps.Step | None, list[Difference]]]:
    """The differences grouped by the step that wrote them (0: not traced to a step), in step order."""
    log_steps = {s.number: s for s in steps.steps(v.first.log)}
    grouped: dict[int, list[Difference]] = defaultdict(list)
    for d in differences:
        grouped[v.written_by.get(d.path, 0)].append(d)
    return [(number, log_steps.get(number), grouped[number]) for number in sorted(grouped)]


def _names(diffs: list[Difference]) -> str:
    return ", ".join(f"{d.path} ({', '.join(d.aspects)})" for d in diffs[:3]) + (f" and {len(diffs) - 3} more" if len(diffs) > 3 else "")


def _failed_levels(v: Verification) -> str:
    if v.support.available:
        return f"level 1 (environment digest) and level 2 (image digest, {v.support.builder}) failed"
    return "level 1 (environment digest) failed; level 2 not available here"


def _step_findings(v: Verification) -> list[tuple[Finding, list[str]]]:
    dockerfile = _dockerfile(v.task)
    out = []
    for number, step, diffs in _by_step(v, v.differences):
        where = f"step {number} `{step.text}`" if step else "the image"
        message = f"{where} is not reproducible: two builds without cache differ in {len(diffs)} path(s): {_names(diffs)}; {_failed_levels(v)}"
        line = steps.step_line(dockerfile, number) if step else 1
        detail = [f"  {d}" for d in diffs[:DETAIL_LIMIT]]
        if len(diffs) > DETAIL_LIMIT:
            detail.append(f"  ... and {len(diffs) - DETAIL_LIMIT} more")
        out.append((finding(NOT_REPRODUCIBLE, v.task.path(DOCKERFILE), message, line=line), detail))
    return out


# Known causes of a level 2 failure that level 1 forgives, and what removes them.
_HINTS = (
    (lambda path: path.endswith(".pyc"), "timestamp-based .pyc files hold their source's install time: declare `ARG SOURCE_DATE_EPOCH` before that RUN (taskgate passes it; pip and py_compile then write hash-based .pyc) or use `pip install --no-compile`"),
    (lambda path: path in VOLATILE_PATHS, f"apt/dpkg stamp these with the build time: remove them in the same RUN ({APT_VOLATILE})"),
)


def _level_two_failure(v: Verification) -> str:
    """Why the image digests differ although level 1 held, step by step, in one line."""
    parts = []
    for number, step, diffs in _by_step(v, v.image_differences):
        where = f"step {number} (line {steps.step_line(_dockerfile(v.task), number)})" if step else "an untraced step"
        parts.append(f"{where} wrote {_names(diffs)}")
    hints = [hint for matches, hint in _HINTS if any(matches(d.path) for d in v.image_differences)]
    text = "; ".join(parts) if parts else "no path differs; the image metadata or file times do"
    return text + "".join(f"; {hint}" for hint in hints)


def verified(v: Verification, root: Path) -> Outcome:
    env_digest = f"sha256:{v.envs[0].digest}"
    data: dict[str, Any] = {
        "task": v.task.id, "status": "reproducible" if v.reproducible else "not-reproducible", "level": v.level,
        "environment_digests": [env_digest, f"sha256:{v.envs[1].digest}"], "image_ids": [v.first.image_id, v.second.image_id],
        "image_digest_support": v.support.reason, "builder": v.support.builder, "image_proven": v.level == LEVEL_IMAGE,
        "tag": v.first.tag, "seconds": v.seconds,
        "differences": [{"path": d.path, "aspects": list(d.aspects), "detail": d.detail, "step": v.written_by.get(d.path)} for d in v.differences],
        "image_differences": [{"path": d.path, "aspects": list(d.aspects), "detail": d.detail, "step": v.written_by.get(d.path)} for d in v.image_differences],
        "record": v.record.relative_to(root).as_posix() if v.record else None,
    }
    if not v.reproducible:
        return Outcome(v.task, "not-reproducible", findings=_step_findings(v), data=data)
    if v.level == LEVEL_IMAGE:
        summary = (f"{v.task.rel}: reproducible at level 2: identical image digests ({v.first.image_id[:19]}, {v.support.builder}, "
                   f"{v.seconds:.1f}s for both builds) and environment {env_digest[:23]}; the engine holds the proven image")
    elif v.support.available and v.first.image_id == v.second.image_id:
        summary = (f"{v.task.rel}: reproducible at level 1: environment {env_digest[:23]} identical; level 2 not proven: "
                   f"the engine's image under {v.first.tag} is not the proven {v.first.image_id[:19]}")
    elif v.support.available:
        summary = (f"{v.task.rel}: reproducible at level 1: environment {env_digest[:23]} identical; "
                   f"level 2 failed ({v.support.builder}): image digests differ ({v.first.image_id[:19]} vs {v.second.image_id[:19]}): {_level_two_failure(v)}")
    else:
        summary = f"{v.task.rel}: reproducible at level 1: environment {env_digest[:23]} identical; level 2 (image digest) {v.support.reason}"
    return Outcome(v.task, "reproducible", summary=summary, data=data)
