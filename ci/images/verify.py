"""The jobs behind `taskgate build` and `taskgate verify-build`.

`verify_task` builds a task twice without cache and decides reproducibility on two levels:
1. environment digest (always): the canonical digest of what a run can observe (envdigest.py);
2. image digest (only where BuildKit >= v0.13 is reachable, see buildkit.py): identical images.
Either job writes a build record (records.py) for the image it keeps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskgate import __version__
from taskgate.ci.images import image_digest as buildkit
from taskgate.ci.images import steps
from taskgate.ci.images.build import BuildResult, build_image, image_tag
from taskgate.ci.images.compare import Difference, compare
from taskgate.ci.images.docker_engine import engine_info
from taskgate.ci.images.envdigest import DEFAULT_EXCLUDE, FORMAT, Environment, environment
from taskgate.ci.images.records import read_record, write_record
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import task_hash

if TYPE_CHECKING:
    import docker

LEVEL_IMAGE = "image-digest"
LEVEL_ENVIRONMENT = "environment-digest"
LEVEL_NONE = "none"
CLOCK_GAP = 1.1  # seconds between the end of the first build and the start of the second


def excludes(config: Config) -> tuple[str, ...]:
    """taskgate.yaml `docker.exclude`, or the documented default."""
    value = config.section("docker").get("exclude")
    return tuple(value) if isinstance(value, list) else DEFAULT_EXCLUDE


@dataclass
class Built:
    build: BuildResult
    env: Environment
    record: Path


@dataclass
class Verification:
    task: Task
    first: BuildResult
    second: BuildResult
    envs: tuple[Environment, Environment]
    level: str
    support: buildkit.Support
    differences: list[Difference] = field(default_factory=list)
    written_by: dict[str, int] = field(default_factory=dict)  # differing path -> build step that wrote it
    record: Path | None = None

    @property
    def reproducible(self) -> bool:
        return self.level != LEVEL_NONE

    @property
    def seconds(self) -> float:
        return round(self.first.seconds + self.second.seconds, 3)


def _record(root: Path, client: docker.DockerClient, result: BuildResult, env: Environment, builder: str, verification: dict[str, Any] | None) -> Path:
    return write_record(root, {
        "task": result.task_id,
        "task_hash": result.task_hash,
        "files": result.file_hashes,
        "image": {"tag": result.tag, "id": result.image_id},
        "environment_digest": f"sha256:{env.digest}",
        "environment_format": FORMAT,
        "builder": builder,
        "verification": verification,
        "engine": engine_info(client).as_dict(),
        "taskgate_version": __version__,
    })


def build_task(task: Task, client: docker.DockerClient, root: Path, config: Config, *, nocache: bool = False) -> Built:
    """`taskgate build`: one build, its environment digest, and a record (verification: null)."""
    result = build_image(task, nocache=nocache, client=client)
    env = environment(client, result.image_id, excludes(config))
    previous = read_record(root, task.id) or {}
    same = previous.get("image", {}).get("id") == result.image_id and previous.get("environment_digest") == f"sha256:{env.digest}"
    # A cached rebuild of a verified image is still that image: keep what was verified about it.
    verification = previous.get("verification") if same else None
    return Built(result, env, _record(root, client, result, env, str(previous.get("builder", "classic")) if same else "classic", verification))


def verify_task(task: Task, client: docker.DockerClient, root: Path, config: Config, support: buildkit.Support | None = None) -> Verification:
    """`taskgate verify-build`: two builds without cache, compared on both levels.

    The first build keeps the task's tag and gets the record; the second is removed afterwards.
    `support` (what `buildkit.support(client)` says) may be passed in to ask the engine once per run.
    """
    support = support or buildkit.support(client)
    tag = image_tag(task.id, task_hash(task)[0])
    second_tag = f"{tag}-rebuild"
    exclude = excludes(config)

    def one_build(name: str) -> BuildResult:
        if support.available:
            return buildkit.build(task, tag=name)
        return build_image(task, nocache=True, client=client, tag=name)

    first = one_build(tag)
    first_done = time.monotonic()
    env_first = environment(client, first.image_id, exclude)
    # Every step of the second build must run at least CLOCK_GAP after the same step of the
    # first, so a step that writes the time (even to the second only) always differs.
    time.sleep(max(0.0, CLOCK_GAP - (time.monotonic() - first_done)))
    second = one_build(second_tag)
    try:
        envs = (env_first, environment(client, second.image_id, exclude))
        differences = compare(*envs)
        written_by = _attribute(client, first, second, differences) if differences else {}
    finally:
        _untag(client, second_tag)
    if differences:
        level = LEVEL_NONE
    elif support.available and first.image_id == second.image_id:
        level = LEVEL_IMAGE
    else:
        level = LEVEL_ENVIRONMENT
    verification = Verification(task, first, second, envs, level, support, differences, written_by)
    details = {
        "level": level,
        "builds": 2,
        "second_environment_digest": f"sha256:{envs[1].digest}",
        "image_digests": [first.image_id, second.image_id],
        "image_digest_support": support.reason,
        "differing_paths": [d.path for d in differences[:100]],
    }
    verification.record = _record(root, client, first, envs[0], "buildkit" if support.available else "classic", details)
    return verification


def _attribute(client: docker.DockerClient, first: BuildResult, second: BuildResult, differences: list[Difference]) -> dict[str, int]:
    """Which step of the Dockerfile wrote each differing path (classic builder logs only)."""
    found = steps.steps(first.log)
    if not found:
        return {}
    paths = {d.path for d in differences if d.path.startswith("/")}
    written = steps.attribute(client, first.image_id, paths, found[-1].total)
    rest = paths - set(written)
    if rest:
        written.update(steps.attribute(client, second.image_id, rest, found[-1].total))
    return written


def _untag(client: docker.DockerClient, tag: str) -> None:
    import docker.errors

    try:
        client.api.remove_image(tag)
    except docker.errors.APIError:
        pass  # still used by a container, or already gone: it is only a second copy
