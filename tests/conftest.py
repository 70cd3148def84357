"""Shared fixtures: the Docker engine and the CI base images.

Docker tests are marked `@pytest.mark.docker` and take `docker_client`. When no engine answers
they FAIL if CI=true and skip otherwise. The base images come from TASKGATE_TEST_*_IMAGE
(`.ci/docker-up.sh` writes them to /var/lib/taskgate-ci/images.env, read here when the
variables are not set).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

IMAGES_ENV = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _load_images_env() -> None:
    if not IMAGES_ENV.is_file():
        return
    for line in IMAGES_ENV.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and key.strip() not in os.environ:
            os.environ[key.strip()] = value.strip()


@pytest.fixture(scope="session")
def docker_client():
    _load_images_env()
    from taskgate.ci.engine import EngineUnavailable, connect

    try:
        return connect(timeout=120)
    except EngineUnavailable as exc:
        _unavailable(str(exc))


@pytest.fixture(scope="session")
def python_image(docker_client) -> str:
    """Debian bookworm with python3, pytest (and a pip wheelhouse), nodejs and patch."""
    image = os.environ.get("TASKGATE_TEST_PYTHON_IMAGE")
    if not image:
        _unavailable("TASKGATE_TEST_PYTHON_IMAGE is not set (run .ci/docker-up.sh)")
    return image
