"""Level 2 of `verify-build`: which builder can make identical image digests here.

Two builds give the same image digest only when every timestamp in the image (config `created`,
history, and the mtimes inside each layer) is pinned. Two builders can do that:
- buildah (`buildah bud --timestamp`, see buildah.py), preferred where installed: it needs no
  daemon and traces differences to steps as the classic builder does;
- BuildKit from v0.13 on, with the build argument SOURCE_DATE_EPOCH plus the exporter option
  `rewrite-timestamp=true`, driven through the `docker buildx` CLI plugin (`build()` below).
The classic builder (the only one the Docker SDK drives) stamps the build time into every image
config, so it never gets there.

`support()` picks the builder and says honestly why level 2 is out of reach when neither is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from taskgate.ci.images import buildah
from taskgate.ci.images.build import CONTEXT_MTIME, LABEL_HASH, LABEL_TASK, BuildError, BuildResult, context_tar
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import task_hash

if TYPE_CHECKING:
    import docker

MIN_BUILDKIT = (0, 13)  # rewrite-timestamp
MIN_ENGINE_EMBEDDING = (26, 0)  # first Docker Engine whose embedded BuildKit is v0.13
SOURCE_DATE_EPOCH = CONTEXT_MTIME
_VERSION = re.compile(r"(\d+)\.(\d+)")
_BUILDKIT_LINE = re.compile(r"^\s*buildkit(?: version)?:\s*v?(\d+)\.(\d+)", re.IGNORECASE | re.MULTILINE)


BUILDAH = "buildah"
BUILDKIT = "buildkit"
CLASSIC = "classic"


@dataclass(frozen=True)
class Support:
    available: bool
    reason: str  # one line: which builder will be used, or why level 2 is out of reach
    builder: str = CLASSIC  # buildah | buildkit | classic (level 1 only)


def _version(text: str) -> tuple[int, int] | None:
    match = _VERSION.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _run(argv: list[str], timeout: float, stdin: object = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, stdin=stdin, capture_output=True, text=True, timeout=timeout, check=False)  # type: ignore[call-overload, no-any-return]


def support(client: docker.DockerClient) -> Support:
    """The builder for level 2 (buildah first, then BuildKit), or why there is none."""
    not_buildah = buildah.unavailable_reason()
    if not_buildah is None:
        return Support(True, f"buildah {buildah.version()} (--timestamp {buildah.SOURCE_DATE_EPOCH}, vfs storage, chroot isolation), loaded into the engine with `buildah push docker-daemon:`", BUILDAH)
    found = buildkit_support(client)
    if found.available:
        return found
    return Support(False, f"{found.reason}; and {not_buildah}")


def buildkit_support(client: docker.DockerClient) -> Support:
    """Whether this engine's BuildKit can build images whose digests are reproducible, and why (not)."""
    engine_version = str(client.version().get("Version", "unknown"))
    prefix = f"not available on this engine (Docker Engine {engine_version})"
    cli = shutil.which("docker")
    if cli is None:
        return Support(False, f"{prefix}: no `docker` CLI with the buildx plugin to drive BuildKit (the Docker SDK drives only the classic builder, which stamps the build time into every image)")
    try:
        version = _run([cli, "buildx", "version"], timeout=30)
        if version.returncode != 0:
            return Support(False, f"{prefix}: the docker CLI has no buildx plugin, so BuildKit cannot be driven (the classic builder stamps the build time into every image)")
        inspect = _run([cli, "buildx", "inspect", "--bootstrap"], timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Support(False, f"{prefix}: `docker buildx` did not answer ({exc})")
    match = _BUILDKIT_LINE.search(inspect.stdout)
    if match:
        buildkit = (int(match.group(1)), int(match.group(2)))
        where = f"BuildKit v{buildkit[0]}.{buildkit[1]}"
    else:
        engine = _version(engine_version)
        driver_docker = re.search(r"^\s*driver:\s*docker\s*$", inspect.stdout, re.IGNORECASE | re.MULTILINE)
        if not (driver_docker and engine):
            return Support(False, f"{prefix}: cannot tell the BuildKit version of the current buildx builder")
        buildkit = MIN_BUILDKIT if engine >= MIN_ENGINE_EMBEDDING else (0, 0)
        where = f"the BuildKit embedded in Docker Engine {engine_version}"
    if buildkit < MIN_BUILDKIT:
        return Support(False, f"{prefix}: {where} predates v0.13, which added rewrite-timestamp")
    return Support(True, f"{where} via docker buildx, SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}, rewrite-timestamp=true", BUILDKIT)


def build(task: Task, *, tag: str, timeout: float = 1800) -> BuildResult:
    """A no-cache BuildKit build of `task` with pinned timestamps, loaded into the engine as `tag`."""
    content_hash, files = task_hash(task)
    cli = shutil.which("docker") or "docker"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="taskgate-buildx-") as tmp:
        iidfile = Path(tmp) / "iid"
        argv = [
            cli, "buildx", "build", "--no-cache", "--progress=plain",
            "--build-arg", f"SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}",
            "--label", f"{LABEL_TASK}={task.id}", "--label", f"{LABEL_HASH}={content_hash}",
            "--output", f"type=docker,name={tag},rewrite-timestamp=true",
            "--iidfile", str(iidfile), "-",
        ]
        context = context_tar(task)
        try:
            proc = _run(argv, timeout=timeout, stdin=context)
        except subprocess.TimeoutExpired as exc:
            raise BuildError(f"{task.path('Dockerfile')}: BuildKit build timed out after {timeout:.0f}s") from exc
        finally:
            context.close()
        log = proc.stdout + proc.stderr
        if proc.returncode != 0 or not iidfile.exists():
            last = next((line for line in reversed(log.splitlines()) if line.strip()), "no output")
            raise BuildError(f"{task.path('Dockerfile')}: BuildKit build failed: {' '.join(last.split())[:300]}", log)
        image_id = iidfile.read_text().strip()
    return BuildResult(task.id, content_hash, tag, image_id, log, round(time.monotonic() - started, 3), files)
