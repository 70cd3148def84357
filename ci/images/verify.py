"""The jobs behind `taskgate build` and `taskgate verify-build`.

`verify_task` builds a task twice without cache and decides reproducibility on two levels:
1. environment digest (always): the canonical digest of what a run can observe (envdigest.py);
2. image digest (where buildah or BuildKit >= v0.13 is there, see buildkit.py): identical images,
   and the engine holds exactly the proven image under the task's tag, so the runs use it.
Either job writes a build record (records.py) for the image it keeps; it names the builder, the
level proven, and whether the image in the engine is the proven one (`image_proven`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskgate import __version__
from taskgate.ci.images import image_digest as buildkit
from taskgate.ci.images import buildah, steps
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
    differences: list[Difference] = field(default_factory=list)  # level 1: what a run can observe
    written_by: dict[str, int] = field(default_factory=dict)  # differing path -> build step that wrote it
    record: Path | None = None
    # Level 2 only (level 1 held): paths that differ once nothing is excluded, when image digests differ.
    image_differences: list[Difference] = field(default_factory=list)

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
    """`taskgate build`: one build, its environment digest, and a record (verification: null).

    Without `nocache`, an image verify-build proved (level 2) for this task hash and still in the
    engine is the build: rebuilding it with another builder would replace the proven image."""
    previous = read_record(root, task.id) or {}
    proven = _proven_image(client, task, previous) if not nocache else None
    result = proven or build_image(task, nocache=nocache, client=client)
    env = environment(client, result.image_id, excludes(config))
    same = previous.get("image", {}).get("id") == result.image_id and previous.get("environment_digest") == f"sha256:{env.digest}"
    # A cached rebuild of a verified image is still that image: keep what was verified about it.
    verification = previous.get("verification") if same else None
    return Built(result, env, _record(root, client, result, env, str(previous.get("builder", "classic")) if same else "classic", verification))


def _proven_image(client: docker.DockerClient, task: Task, record: dict[str, Any]) -> BuildResult | None:
    verification = record.get("verification") if isinstance(record.get("verification"), dict) else {}
    image = record.get("image") if isinstance(record.get("image"), dict) else {}
    content_hash, files = task_hash(task)
    if not (verification.get("image_proven") is True and record.get("task_hash") == content_hash and image.get("id") and image.get("tag")):
        return None
    if _engine_id(client, str(image["tag"])) != image["id"]:
        return None
    log = f"the image verify-build proved ({record.get('builder')}, identical digests) is still in the engine\n"
    return BuildResult(task.id, content_hash, str(image["tag"]), str(image["id"]), log, 0.0, files)


def verify_task(task: Task, client: docker.DockerClient, root: Path, config: Config, support: buildkit.Support | None = None) -> Verification:
    """`taskgate verify-build`: two builds without cache, compared on both levels.

    The first build keeps the task's tag and gets the record; the second is removed afterwards.
    `support` (what `buildkit.support(client)` says) may be passed in to ask once per run.
    """
    support = support or buildkit.support(client)
    tag = image_tag(task.id, task_hash(task)[0])
    second_tag = f"{tag}-rebuild"
    if support.builder == buildkit.BUILDAH:
        with buildah.storage() as where:
            first = buildah.build(task, where, tag=tag)
            _clock_gap(time.monotonic())
            second = buildah.build(task, where, tag=second_tag)
            buildah.to_docker(where, first.image_id, tag)
            if second.image_id != first.image_id:
                buildah.to_docker(where, second.image_id, second_tag)
        return _verify(task, client, root, config, support, first, second, None)

    def one_build(name: str) -> BuildResult:
        if support.builder == buildkit.BUILDKIT:
            return buildkit.build(task, tag=name)
        return build_image(task, nocache=True, client=client, tag=name)

    first = one_build(tag)
    first_done = time.monotonic()
    env_first = environment(client, first.image_id, excludes(config))
    _clock_gap(first_done)
    return _verify(task, client, root, config, support, first, one_build(second_tag), env_first)


def _clock_gap(first_done: float) -> None:
    """Every step of the second build must run at least CLOCK_GAP after the same step of the
    first, so a step that writes the time (even to the second only) always differs."""
    time.sleep(max(0.0, CLOCK_GAP - (time.monotonic() - first_done)))


def _verify(task: Task, client: docker.DockerClient, root: Path, config: Config, support: buildkit.Support,
            first: BuildResult, second: BuildResult, env_first: Environment | None) -> Verification:
    """Compare two builds already in the engine (the second under `<tag>-rebuild` unless identical)."""
    exclude = excludes(config)
    second_tag = f"{first.tag}-rebuild"
    identical = support.available and first.image_id == second.image_id
    image_differences: list[Difference] = []
    try:
        env_first = env_first or environment(client, first.image_id, exclude)
        envs = (env_first, env_first if identical else environment(client, second.image_id, exclude))
        differences = compare(*envs)
        if support.available and not identical and not differences:
            # Level 1 holds; find what level 2 sees: the excluded paths, and mtimes layer by layer.
            image_differences = compare(environment(client, first.image_id, (), exact=True), environment(client, second.image_id, (), exact=True))
        wanted = differences or image_differences
        written_by = _attribute(client, first, second, wanted) if wanted else {}
    finally:
        if not identical:
            _untag(client, second_tag)
    in_engine = _engine_id(client, first.tag)
    if differences:
        level = LEVEL_NONE
    elif identical and in_engine == first.image_id:
        level = LEVEL_IMAGE
    else:
        level = LEVEL_ENVIRONMENT
    verification = Verification(task, first, second, envs, level, support, differences, written_by, image_differences=image_differences)
    details = {
        "level": level,
        "builder": support.builder,
        "builds": 2,
        "second_environment_digest": f"sha256:{envs[1].digest}",
        "image_digests": [first.image_id, second.image_id],
        "image_digest_support": support.reason,
        # Whether the image the runs use (the one in the engine under the task's tag) is the one
        # whose digest was proven: only at level 2, and only when the engine holds that digest.
        "image_proven": level == LEVEL_IMAGE,
        "differing_paths": [d.path for d in differences[:100]],
        "image_differing_paths": [d.path for d in image_differences[:100]],
    }
    verification.record = _record(root, client, first, envs[0], support.builder, details)
    return verification


def _engine_id(client: docker.DockerClient, tag: str) -> str:
    import docker.errors

    try:
        return str(client.images.get(tag).id)
    except docker.errors.DockerException:
        return ""


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
