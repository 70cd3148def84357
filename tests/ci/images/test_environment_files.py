"""A real build takes the environment files the layout rules accept, and honours .dockerignore."""

from __future__ import annotations

import pytest
from taskgate.ci.images.build import build_image

pytestmark = pytest.mark.docker


def _listing(docker_client, tag: str, path: str) -> set[str]:
    out = docker_client.containers.run(tag, ["sh", "-c", f"cd {path} && find . -type f | sort"], remove=True, network_disabled=True)
    return {line[2:] for line in out.decode().split()}


def test_copied_requirements_and_dockerignore_reach_the_build(build_repo, busybox, docker_client):
    dockerfile = f"FROM {busybox}\nCOPY requirements.txt /env/\nCOPY . /ctx/\n"
    build_repo.add("env-files", dockerfile, {
        "requirements.txt": "pytest==8.3.3\n",
        ".dockerignore": "solution/\ntests/\ncalibration/\ncalibration.json\nmeta/\n",
        "solution/s.py": "SECRET = 42\n",
        "tests/test_s.py": "def test_s():\n    assert True\n",
    })
    tag = "taskgate/newcomer-rules-env-files:test"
    result = build_image(build_repo.task("env-files"), client=docker_client, tag=tag)
    try:
        assert _listing(docker_client, result.tag, "/env") == {"requirements.txt"}
        assert _listing(docker_client, result.tag, "/ctx") == {".dockerignore", "Dockerfile", "requirements.txt", "task.yaml"}
    finally:
        docker_client.images.remove(result.tag, force=True)
