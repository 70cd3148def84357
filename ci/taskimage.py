"""The image a task's runs use: the one place the runner asks for it (built through `ci.build`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from taskgate.ci.build import build_image
from taskgate.hooks.task import Task

if TYPE_CHECKING:
    import docker


@dataclass(frozen=True)
class TaskImage:
    image_id: str
    tag: str
    environment_digest: str
    build_seconds: float


def image_for(task: Task, client: docker.DockerClient) -> TaskImage:
    """Build (or reuse from the engine's cache) the image of `task`. Raises `BuildError`."""
    built = build_image(task, client=client)
    return TaskImage(built.image_id, built.tag, _environment_digest(built.image_id), built.seconds)


def _environment_digest(image_id: str) -> str:
    # The image id is the sha256 of the image config, which names every layer: two runs with
    # the same id saw the same environment.
    return image_id
