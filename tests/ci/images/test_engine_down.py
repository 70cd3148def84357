"""A daemon that does not answer gives one line saying how to start it, and exit code 2."""

from __future__ import annotations

import socket

import pytest


@pytest.mark.parametrize("host", ["unix:///nonexistent/docker.sock", "tcp://127.0.0.1:{port}"])
@pytest.mark.parametrize("command", ["build", "verify-build"])
def test_daemon_down_is_one_line_with_how_to_start_it(build_repo, host, command):
    build_repo.add("t", "FROM scratch\n")
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = build_repo.taskgate(command, env={"DOCKER_HOST": host.format(port=port)})
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"taskgate {command}: error: no Docker engine answers at ")
    assert "dockerd" in line and "Traceback" not in line
    assert "docker-up" not in line  # a dataset repository has no such script


def test_connect_raises_engine_unavailable(monkeypatch):
    from taskgate.ci.images.docker_engine import EngineUnavailable, connect

    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable, match="the socket does not exist; start a Docker engine"):
        connect()
