"""`COPY --from` and `RUN --mount from=` naming a build stage that does not exist (DKR014).

A reference that names no earlier stage is an image for BuildKit. A single lower-case word that
is not a Docker Hub official image (`builder`, `deps`, `build-env`) is almost always a stage
name spelt wrong or defined too late; the other references are images, judged by DKR001.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.parse import Dockerfile, Env, Violation, expand, mounts
from taskgate.hooks.rules.dockerfile.rules import UNKNOWN_STAGE

# Docker Hub official images a `--from=<word>` may mean (the common ones of library/).
OFFICIAL_IMAGES = frozenset("""
alpine amazonlinux archlinux bash buildpack-deps busybox centos clearlinux clojure composer
debian docker eclipse-temurin elixir erlang fedora gcc golang gradle haskell httpd ibmjava julia
maven mongo mysql nginx node openjdk oraclelinux perl php postgres pypy python r-base rabbitmq
redis rockylinux ruby rust sapmachine swift tomcat ubuntu almalinux amazoncorretto groovy
hello-world ibm-semeru-runtimes kotlin mariadb memcached mono neurodebian nats photon registry
traefik caddy haproxy influxdb elasticsearch kibana logstash sonarqube jenkins vault consul
""".split())
_WORD = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def check(df: Dockerfile, env_at: dict[int, Env]) -> Iterator[Violation]:
    for stage in df.stages:
        for ins in stage.instructions:
            refs = [ins.flag("from")] if ins.cmd in ("COPY", "ADD") else []
            if ins.cmd == "RUN":
                refs += [m.get("from") for m in mounts(ins)]
            for raw in refs:
                if raw is None:
                    continue
                ref, unresolved = expand(raw, env_at.get(ins.line, {}), df.escape)
                if unresolved or df.stage_named(ref, stage.index) is not None:
                    continue
                problem = _missing(df, ref, stage.index)
                if problem:
                    flag = "--from" if ins.cmd != "RUN" else "--mount from"
                    yield Violation(UNKNOWN_STAGE, ins, f"{ins.cmd} {flag}={ref}: {problem}", raw)


def is_missing_stage(df: Dockerfile, ref: str, current: int) -> bool:
    """Whether `--from=ref` is a stage reference that names no earlier stage (DKR014's case)."""
    return _missing(df, ref, current) is not None


def _missing(df: Dockerfile, ref: str, current: int) -> str | None:
    later = df.stage_named(ref, len(df.stages))
    known = ", ".join(s.name or str(s.index) for s in df.stages[:current]) or "none"
    if later is not None:
        return f"stage `{ref}` is defined later (line {df.stages[later].from_.line}); a stage can only use the stages before it (defined so far: {known})"
    if ref.isdigit():
        return f"there is no stage number {ref} before this one (defined so far: {known})"
    if _WORD.match(ref) and ref.lower() not in OFFICIAL_IMAGES and ref.lower() != "scratch":
        return (f"no build stage is named `{ref}` (defined so far: {known}), so BuildKit would pull an image called "
                f"`docker.io/library/{ref}:latest` instead; name the stage with `FROM ... AS {ref}` before this line or fix the spelling")
    return None
