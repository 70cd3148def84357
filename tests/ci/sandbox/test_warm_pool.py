"""The warm pool's last resort, against the real engine: a job whose process outlives its wall-clock
limit (here one that no supervisor limits, and that the test user's `kill -9 -1` cannot reach)
gets its container removed GRACE seconds later; the worker is never stuck."""

from __future__ import annotations

import time

import pytest

from taskgate.ci.sandbox.container import Job
from taskgate.ci.sandbox.warm import GRACE, WarmPool

pytestmark = pytest.mark.docker


def test_a_job_running_past_its_limit_loses_its_container(docker_client, python_image):
    pool = WarmPool()
    # "supervised" without a supervisor: `sleep` runs as root and ignores the limit it is given.
    stuck = Job(python_image, ["sleep", "600"], {}, timeout=1, supervised=True)
    try:
        started = time.monotonic()
        result = pool(docker_client, stuck)
        took = time.monotonic() - started
        assert result.status == "timeout" and "container was removed" in result.detail, result
        assert GRACE <= took < GRACE + 30 and pool.recycled == 1
        # The next job gets a new container and runs normally.
        after = pool(docker_client, Job(python_image, ["python3", "-c", "print('fine')"], {}, timeout=30))
        assert after.status == "exited" and after.exit_code == 0 and "fine" in after.output
    finally:
        pool.close()
    assert pool.started == 2
