"""Fixtures of the calibration tests (the Docker ones build on tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def python_image(docker_images: dict[str, str]) -> str:
    """Debian bookworm with python3, pytest, pip and node, from the loopback registry by digest."""
    return docker_images["TASKGATE_TEST_PYTHON_IMAGE"]
