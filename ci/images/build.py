"""Building a task's image: `build_image(task) -> BuildResult`.

The build context is the files the task hash covers (task.yaml, prompt.md, Dockerfile, solution/,
tests/, subject/, meta/ and the environment files, as git would commit them) less what the task's
.dockerignore excludes (applied here as the docker CLI would), packed as a tar with normalised
metadata (owner 0:0, mode 0644 or 0755, one fixed mtime). So the tag, derived from the task id and
the task hash, names what went into the build, and junk on a contributor's disk (or a
calibration record) never changes an image.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from taskgate.ci.images.docker_engine import EngineError, EngineUnavailable, connect
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import hashed_files, task_hash

if TYPE_CHECKING:
    import docker

DOCKERFILE = "Dockerfile"
IMAGE_REPOSITORY = "taskgate"
# 1980-01-02 UTC: every file in a build context gets this mtime. Not 0: zip (and so wheels and
# jars built inside an image) cannot store dates before 1980 in any time zone.
CONTEXT_MTIME = 315619200
LABEL_TASK = "dev.taskgate.task"
LABEL_HASH = "dev.taskgate.task-hash"
_TAG_BAD = re.compile(r"[^a-z0-9._-]+")


class BuildError(EngineError):
    """The engine refused or failed the build; `str()` is one line, `log` the whole output."""

    def __init__(self, message: str, log: str = "") -> None:
        super().__init__(message)
        self.log = log


@dataclass(frozen=True)
class BuildResult:
    task_id: str
    task_hash: str
    tag: str
    image_id: str  # "sha256:…", the engine's image id (the digest of the image config)
    log: str
    seconds: float
    file_hashes: dict[str, str] = field(default_factory=dict, repr=False)


def image_tag(task_id: str, content_hash: str) -> str:
    """`taskgate/<task id>:<first 16 hex digits of the task hash>`, valid as a Docker reference."""
    name = _TAG_BAD.sub("-", task_id.lower()).strip("._-") or "task"
    return f"{IMAGE_REPOSITORY}/{name[:100]}:{content_hash[:16]}"


def context_tar(task: Task) -> IO[bytes]:
    """The build context of `task` as an uncompressed tar in a rewound temporary file."""
    out = tempfile.SpooledTemporaryFile(max_size=32 << 20)
    ignored = _dockerignore(task)
    rels = [rel for rel in hashed_files(task) if not ignored(rel)]
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        seen_dirs: set[str] = set()
        for rel in rels:
            parts = rel.split("/")
            for depth in range(1, len(parts)):
                directory = "/".join(parts[:depth])
                if directory not in seen_dirs:
                    seen_dirs.add(directory)
                    tar.addfile(_info(directory, tarfile.DIRTYPE, 0o755))
            path = task.dir / rel
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                info = _info(rel, tarfile.SYMTYPE, 0o777)
                info.linkname = os.readlink(path)
                tar.addfile(info)
            elif stat.S_ISREG(st.st_mode):
                info = _info(rel, tarfile.REGTYPE, 0o755 if st.st_mode & 0o111 else 0o644)
                with open(path, "rb") as fh:
                    info.size = os.fstat(fh.fileno()).st_size
                    tar.addfile(info, fh)
            # Sockets, fifos and devices are never part of a build context (the layout rules report them).
    out.seek(0)
    return out


def _dockerignore(task: Task) -> Callable[[str], bool]:
    """Whether .dockerignore (or Dockerfile.dockerignore, which wins) leaves a path out of the context.

    Docker never leaves out the Dockerfile and the ignore file themselves (they are sent, only
    COPY cannot take them)."""
    from docker.utils.build import PatternMatcher

    for name in ("Dockerfile.dockerignore", ".dockerignore"):
        text = task.text(name) if name in task.entries else None
        if isinstance(text, str):
            patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
            matcher = PatternMatcher(patterns)
            keep = {DOCKERFILE, name}
            return lambda rel: rel not in keep and bool(matcher.matches(rel))
    return lambda rel: False


def _info(name: str, kind: bytes, mode: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.mtime = CONTEXT_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def build_image(
    task: Task,
    *,
    nocache: bool = False,
    client: docker.DockerClient | None = None,
    tag: str | None = None,
    pull: bool = False,
    network_mode: str | None = None,
    labels: dict[str, str] | None = None,
    on_log: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the image of `task` with the engine's classic builder and tag it.

    `tag` defaults to `image_tag(task.id, task hash)`. `on_log` receives the build output as it
    streams. Raises `BuildError` (bad Dockerfile, failing step) or `EngineUnavailable`.
    """
    content_hash, files = task_hash(task)
    if DOCKERFILE not in task.entries:
        raise BuildError(f"{task.path(DOCKERFILE)}: missing (a task needs a Dockerfile to be built)")
    if not task.entries[DOCKERFILE].is_regular:
        raise BuildError(f"{task.path(DOCKERFILE)}: not a regular file (a symlinked Dockerfile is not built)")
    tag = tag or image_tag(task.id, content_hash)
    client = client or connect()
    import docker.errors

    started = time.monotonic()
    log: list[str] = []
    image_id = None
    all_labels = {LABEL_TASK: task.id, LABEL_HASH: content_hash, **(labels or {})}
    context = context_tar(task)
    try:
        stream = client.api.build(
            fileobj=context, custom_context=True, dockerfile=DOCKERFILE, tag=tag, nocache=nocache, pull=pull,
            rm=True, forcerm=True, decode=True, labels=all_labels, network_mode=network_mode,
        )
        for message in stream:
            image_id = _consume(message, log, on_log) or image_id
            if "error" in message or "errorDetail" in message:
                detail = message.get("errorDetail") or {}
                reason = _one_line(str(detail.get("message") or message.get("error")))
                raise BuildError(f"{task.path(DOCKERFILE)}: build failed: {reason}", "".join(log))
    except docker.errors.APIError as exc:
        reason = _one_line(str(exc.explanation or exc))
        raise BuildError(f"{task.path(DOCKERFILE)}: the engine refused the build: {reason}", "".join(log)) from exc
    except docker.errors.DockerException as exc:
        raise EngineUnavailable(f"the Docker engine failed during the build of {task.rel}: {_one_line(str(exc))}") from exc
    except OSError as exc:  # the connection broke (requests wraps these as OSError subclasses)
        raise EngineUnavailable(f"the Docker engine went away during the build of {task.rel}: {_one_line(str(exc))}") from exc
    finally:
        context.close()
    if image_id is None:
        try:
            image_id = client.images.get(tag).id
        except docker.errors.DockerException as exc:
            raise BuildError(f"{task.path(DOCKERFILE)}: the build produced no image", "".join(log)) from exc
    return BuildResult(task.id, content_hash, tag, image_id, "".join(log), round(time.monotonic() - started, 3), files)


def _consume(message: dict[str, Any], log: list[str], on_log: Callable[[str], None] | None) -> str | None:
    text = message.get("stream") or message.get("status")
    if isinstance(text, str) and text:
        if not text.endswith("\n"):
            text += "\n"
        log.append(text)
        if on_log is not None:
            on_log(text)
    aux = message.get("aux")
    if isinstance(aux, dict) and isinstance(aux.get("ID"), str):
        return str(aux["ID"])
    return None


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."
