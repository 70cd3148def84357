"""The shared Docker fixtures skip without an engine on a laptop and FAIL when CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]

PROBE = """\
import pytest

@pytest.mark.docker
def test_needs_docker(docker_client):
    assert docker_client.ping()
"""


@pytest.mark.parametrize("ci,outcome", [("true", "1 error"), ("", "1 skipped")])
def test_no_engine_fails_in_ci_and_skips_elsewhere(tmp_path: Path, ci: str, outcome: str):
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE)
    env = {**os.environ, "CI": ci, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest", "--rootdir", str(tmp_path), str(probe)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert outcome in proc.stdout, proc.stdout + proc.stderr
    if ci:
        assert "Docker is required in CI and is unavailable: no Docker engine answers" in proc.stdout
