"""Fixtures of the calibration tests. The Docker engine comes from the shared `docker_client`
fixture (tests/conftest.py); the base image from TASKGATE_TEST_PYTHON_IMAGE or the images.env
that `.ci/docker-up.sh` writes. Missing pieces skip the test, or fail it when CI=true."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

IMAGES_ENV = Path(os.environ.get("TASKGATE_CI_STATE", "/var/lib/taskgate-ci")) / "images.env"


def _image_ref(key: str) -> str | None:
    if os.environ.get(key):
        return os.environ[key]
    if IMAGES_ENV.is_file():
        for line in IMAGES_ENV.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip() == key:
                return value.strip()
    return None


@pytest.fixture(scope="session")
def python_image(docker_client: Any) -> str:
    """Debian bookworm with python3, pytest, pip (offline wheelhouse) and node, by digest."""
    ref = _image_ref("TASKGATE_TEST_PYTHON_IMAGE")
    problem = None if ref else "TASKGATE_TEST_PYTHON_IMAGE is not set; run .ci/docker-up.sh"
    if ref:
        try:
            docker_client.images.get(ref)
        except Exception as exc:  # noqa: BLE001 - any failure means the image is missing
            problem = f"{ref} is not in the engine ({exc}); run .ci/docker-up.sh"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Docker image required in CI: {problem}", pytrace=False)
        pytest.skip(problem)
    return str(ref)
