"""The connection to the local Docker engine, and what that engine can do.

Everything in `taskgate.ci` that needs Docker gets its client from `connect()`, so a daemon that
is down is reported the same way everywhere: one `EngineUnavailable` line saying how to start it.

API version: `DOCKER_API_VERSION` when set (the engine here is older than the client library,
so its default of 1.45 would be refused), otherwise negotiated with the engine ("auto").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import docker

# Long builds can stay silent for minutes (a compile, a large download): the read timeout of a
# request must outlast them.
DEFAULT_TIMEOUT = 600

# Said wherever taskgate runs, a dataset repository included: no script of taskgate's own checkout.
HOW_TO_START = "start a Docker engine (`sudo systemctl start docker`, `sudo dockerd &` or Docker Desktop) or point DOCKER_HOST at one"


class EngineError(Exception):
    """A Docker job failed in a way the user must act on; `str()` is one line."""


class EngineUnavailable(EngineError):
    """No Docker engine answers (or the `docker` package is missing)."""


def _endpoint() -> str:
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


def connect(*, timeout: int = DEFAULT_TIMEOUT) -> docker.DockerClient:
    """A client for the engine at DOCKER_HOST (default: the local socket), checked with a ping."""
    import docker  # the `ci` extra; taskgate.cli names it when missing
    import docker.errors
    version = os.environ.get("DOCKER_API_VERSION") or "auto"
    try:
        client = docker.from_env(version=version, timeout=timeout)
        client.ping()
    except docker.errors.DockerException as exc:
        raise EngineUnavailable(f"no Docker engine answers at {_endpoint()}: {_reason(exc)}; {HOW_TO_START}") from exc
    except Exception as exc:  # requests/urllib3 errors that the SDK lets through
        raise EngineUnavailable(f"no Docker engine answers at {_endpoint()}: {_reason(exc)}; {HOW_TO_START}") from exc
    return client


def _reason(exc: BaseException) -> str:
    text = _one_line(exc)
    lowered = text.lower()
    if "no such file" in lowered or "filenotfounderror" in lowered:
        return "the socket does not exist"
    if "connection refused" in lowered:
        return "connection refused"
    if "permission denied" in lowered:
        return "permission denied on the socket (run as root or join the `docker` group)"
    if "too new" in lowered or "client version" in lowered:
        return f"API version mismatch ({text}); set DOCKER_API_VERSION to the engine's version"
    return text


@dataclass(frozen=True)
class EngineInfo:
    """The facts about the engine that a build record keeps."""

    server_version: str
    api_version: str
    os_arch: str
    storage_driver: str

    def as_dict(self) -> dict[str, str]:
        return {"server_version": self.server_version, "api_version": self.api_version, "os_arch": self.os_arch, "storage_driver": self.storage_driver}


def engine_info(client: docker.DockerClient) -> EngineInfo:
    version: dict[str, Any] = client.version()
    info: dict[str, Any] = client.info()
    return EngineInfo(
        server_version=str(version.get("Version", "unknown")),
        api_version=str(version.get("ApiVersion", "unknown")),
        os_arch=f"{version.get('Os', '?')}/{version.get('Arch', '?')}",
        storage_driver=str(info.get("Driver", "unknown")),
    )
