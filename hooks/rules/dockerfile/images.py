"""Base images: FROM, COPY --from=<image> and RUN --mount from=<image> (DKR001, DKR002).

Fine without a digest: `FROM scratch` and references to earlier stages. Everything else must be
`name[:tag]@sha256:<64 hex>`, after substituting the global ARGs' defaults (an ARG without a
default is set only by `--build-arg`, so the base image is not pinned by the Dockerfile).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.parse import Dockerfile, Env, Violation, Instruction, Stage, expand, mounts
from taskgate.hooks.rules.dockerfile.rules import LATEST_TAG, UNPINNED_IMAGE
from taskgate.hooks.rules.dockerfile.reading import stages

_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_DIGEST_SUFFIX = re.compile(r"@sha256:[0-9a-f]{64}$")


def check(df: Dockerfile, env_at: dict[int, Env]) -> Iterator[Violation]:
    for stage in df.stages:
        yield from _from(stage)
        for ins in stage.instructions:
            env = env_at.get(ins.line, {})
            refs = [ins.flag("from")] if ins.cmd in ("COPY", "ADD") else []
            if ins.cmd == "RUN":
                refs += [m.get("from") for m in mounts(ins)]
            for raw in refs:
                if raw is None:
                    continue
                ref, unresolved = expand(raw, env, df.escape)
                if unresolved or df.stage_named(ref, stage.index) is not None or ref.lower() == "scratch":
                    continue  # an unresolved --from is reported by BuildKit itself as a missing stage
                if stages.is_missing_stage(df, ref, stage.index):
                    continue  # DKR014: a stage name, not an image
                problem = image_problem(ref)
                if problem is not None:
                    code, why = problem
                    yield Violation(code, ins, f"{ins.cmd} {'--from' if ins.cmd != 'RUN' else '--mount from'}={ref}: {why}", raw)


def _from(stage: Stage) -> Iterator[Violation]:
    ins: Instruction = stage.from_
    raw = ins.args[0]
    if stage.parent is not None or stage.image.lower() == "scratch":
        return
    if stage.unresolved and _DIGEST_SUFFIX.search(stage.image) and "$" not in stage.image.rsplit("@", 1)[1]:
        return  # `python:${V}-slim@sha256:...`: the digest decides, whatever the tag
    if stage.unresolved:
        names = ", ".join(f"${n}" for n in stage.unresolved)
        yield Violation(UNPINNED_IMAGE, ins, f"FROM {raw}: {names} has no default before the first FROM (only --build-arg sets it), so the base image is not pinned; give the ARG a digest-pinned default", raw)
        return
    problem = image_problem(stage.image)
    if problem is not None:
        code, why = problem
        via = f" (from ARG default {stage.image!r})" if "$" in raw else ""
        yield Violation(code, ins, f"FROM {stage.image}{via}: {why}", raw)


def image_problem(ref: str) -> tuple[str, str] | None:
    """None when `ref` names fixed bytes, else (code, why)."""
    name, at, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else ""
    if at:
        if not _DIGEST.match(digest):
            return UNPINNED_IMAGE, f"digest {digest!r} is not sha256:<64 lowercase hex>"
        if tag == "latest":
            return LATEST_TAG, f"pinned, but tagged `latest`; name the version the digest is ({name.rsplit(':', 1)[0]}:<version>@{digest[:15]}...)"
        return None
    fix = f"pin it by digest ({name}@sha256:<digest>)"
    if not tag:
        return UNPINNED_IMAGE, f"no tag and no digest, so it means `latest`, whatever that is on the day of the build; {fix}"
    if tag == "latest":
        return UNPINNED_IMAGE, f"`latest` moves with every release; {fix}"
    return UNPINNED_IMAGE, f"tag {tag!r} is movable (the publisher re-points it); {fix}"
