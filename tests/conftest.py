"""Fixtures shared by every test package: the Docker engine and the locally built base images.

`.ci/docker-up.sh` starts the engine and writes the pinned base images to
$TASKGATE_CI_STATE/images.env (default /var/lib/taskgate-ci). Tests that need them use the
fixtures below and are marked `@pytest.mark.docker`. Without an engine they skip on a
developer's machine and FAIL when CI=true: CI must never pass by skipping the real thing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

# Dataset fixtures (`dataset`, `foundation_hooks`) shared by the hooks, CLI and ci tests.
pytest_plugins = ("tests.support.datasets",)

IMAGES_ENV = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"
IMAGE_KEYS = ("TASKGATE_TEST_BUSYBOX_IMAGE", "TASKGATE_TEST_PYTHON_IMAGE")


def docker_unavailable(reason: str) -> None:
    """Skip, or fail when CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Docker is required in CI and is unavailable: {reason}", pytrace=False)
    pytest.skip(f"Docker unavailable: {reason}")


def _images_env() -> dict[str, str]:
    values: dict[str, str] = {}
    if IMAGES_ENV.is_file():
        for line in IMAGES_ENV.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() and not key.startswith("#"):
                values[key.strip()] = value.strip()
    values.update({k: v for k, v in os.environ.items() if k.startswith("TASKGATE_TEST_")})
    return values


@pytest.fixture(scope="session")
def docker_client() -> Any:
    """A connected `docker.DockerClient` (API version from DOCKER_API_VERSION or negotiated)."""
    from taskgate.ci.images.docker_engine import EngineUnavailable, connect

    try:
        return connect()
    except EngineUnavailable as exc:
        docker_unavailable(str(exc))


@pytest.fixture(scope="session")
def docker_images(docker_client: Any) -> dict[str, str]:
    """The images.env values (TASKGATE_TEST_*_IMAGE -> name@sha256:…), each present in the engine."""
    values = _images_env()
    for key in IMAGE_KEYS:
        ref = values.get(key)
        if not ref:
            docker_unavailable(f"{key} is not set and {IMAGES_ENV} does not name it; run .ci/docker-up.sh")
        try:
            docker_client.images.get(ref)
        except Exception as exc:  # noqa: BLE001 - any failure means the fixture image is missing
            docker_unavailable(f"{key}={ref} is not in the engine ({exc}); run .ci/docker-up.sh")
    return values


@pytest.fixture(scope="session")
def python_image(docker_images: dict[str, str]) -> str:
    """Debian bookworm with python3, pytest (and a pip wheelhouse), nodejs and patch."""
    return docker_images["TASKGATE_TEST_PYTHON_IMAGE"]


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory):
    """Every `taskgate` run of the suite (in process, CLI or under pre-commit) caches results in a
    directory of its own, never in the user's ~/.cache/taskgate."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TASKGATE_CACHE_DIR", str(tmp_path_factory.mktemp("taskgate-cache")))
        yield


@pytest.fixture(scope="session")
def polyglot_image(docker_client: Any) -> str:
    """Debian bookworm with node and tsc, a JDK with JUnit 5, Go, g++ and rustc/cargo."""
    ref = _images_env().get("TASKGATE_TEST_POLYGLOT_IMAGE")
    if not ref:
        docker_unavailable(f"TASKGATE_TEST_POLYGLOT_IMAGE is not set and {IMAGES_ENV} does not name it; run .ci/docker-up.sh")
    try:
        docker_client.images.get(ref)
    except Exception as exc:  # noqa: BLE001 - any failure means the fixture image is missing
        docker_unavailable(f"TASKGATE_TEST_POLYGLOT_IMAGE={ref} is not in the engine ({exc}); run .ci/docker-up.sh")
    return ref
