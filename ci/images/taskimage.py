"""The image a task's runs use, and its environment digest: the one place the runner asks.

The build record of `taskgate build` (ci/images/records.py) is reused when it names the task's current
content hash and its image is still in the engine: then nothing is built or exported. Otherwise
the task is built through `ci.verify.build_task`, which computes the environment digest and
writes the record for the next step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from taskgate.ci.images.records import read_record
from taskgate.ci.images.verify import build_task
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import task_hash

if TYPE_CHECKING:
    import docker


@dataclass(frozen=True)
class TaskImage:
    image_id: str
    tag: str
    environment_digest: str  # "sha256:…" (envdigest.py)
    build_seconds: float
    reused: bool  # taken from the build record, not built now


def image_for(task: Task, client: docker.DockerClient, root: Path, config: Config) -> TaskImage:
    """The task's image. Raises `BuildError` when it does not build."""
    import docker.errors

    started = time.monotonic()
    record = read_record(root, task.id) or {}
    image = record.get("image") if isinstance(record.get("image"), dict) else {}
    digest = record.get("environment_digest")
    if record.get("task_hash") == task_hash(task)[0] and isinstance(image.get("id"), str) and isinstance(digest, str):
        try:
            client.images.get(image["id"])
            return TaskImage(image["id"], str(image.get("tag", "")), digest, round(time.monotonic() - started, 3), True)
        except docker.errors.NotFound:
            pass
    built = build_task(task, client, root, config)
    return TaskImage(built.build.image_id, built.build.tag, f"sha256:{built.env.digest}", round(time.monotonic() - started, 3), False)
