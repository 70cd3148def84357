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
    # "proven": verify-build showed two builds give this very image (level 2, identical digests);
    # otherwise the one-line reason it is not, which test and gate records carry.
    digest: str = "not proven: built once, never verified with `taskgate verify-build`"


def digest_status(record: dict[str, object], image_id: str) -> str:
    """Whether the record proves that `image_id` is reproducible to the bit (level 2), and if not why."""
    verification = record.get("verification")
    if not isinstance(verification, dict):
        return "not proven: built once, never verified with `taskgate verify-build`"
    if verification.get("image_proven") is True and verification.get("image_digests", [None])[0] == image_id:
        return f"proven: two no-cache {verification.get('builder')} builds gave this image digest"
    return f"not proven: verify-build reached level {verification.get('level')} ({verification.get('image_digest_support', 'no image-digest builder')})"


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
            return TaskImage(image["id"], str(image.get("tag", "")), digest, round(time.monotonic() - started, 3), True, digest_status(record, image["id"]))
        except docker.errors.NotFound:
            pass
    built = build_task(task, client, root, config)
    status = digest_status(read_record(root, task.id) or {}, built.build.image_id)
    return TaskImage(built.build.image_id, built.build.tag, f"sha256:{built.env.digest}", round(time.monotonic() - started, 3), False, status)
