"""`build` and `gate` agree on where a failed build is (BLD001 at the failing instruction: the FROM
line of a base image that cannot be pulled), and long runs say what they are doing on stderr."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.docker

# Nothing is stored under this name in the loopback registry: the pull fails at once, offline.
MISSING_BASE = "127.0.0.1:5000/newcomer-cli/no-such-base@sha256:" + "0" * 64
DOCKERFILE = f"""\
# syntax note: the base is pinned by digest, as DKR001 asks
# (and yet it cannot be pulled)
FROM {MISSING_BASE}
WORKDIR /task
"""


def test_an_unpullable_base_is_bld001_at_the_from_line_in_build_and_gate(build_repo, docker_client):
    build_repo.add("unpullable-base", DOCKERFILE)
    where = "tasks/unpullable-base/Dockerfile:3:1: BLD001 "
    build = build_repo.taskgate("build", "tasks/unpullable-base")
    assert build.returncode == 1, build.stderr
    assert where in build.stdout
    assert "taskgate build: [1/1] tasks/unpullable-base: building" in build.stderr
    assert "taskgate build: [1/1] tasks/unpullable-base: build-failed (" in build.stderr

    gate = build_repo.taskgate("gate", "tasks/unpullable-base")
    assert gate.returncode == 1, gate.stderr
    [line] = [x for x in gate.stdout.splitlines() if x.strip()]
    assert line.startswith(where) and line.endswith("(so the reward function cannot run)")
    assert "taskgate gate: [1/1] tasks/unpullable-base: building and running the reward function" in gate.stderr

    quiet = build_repo.taskgate("-q", "build", "tasks/unpullable-base")
    assert quiet.returncode == 1 and where in quiet.stdout and quiet.stderr == ""
