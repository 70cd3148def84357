"""The codes `taskgate build` and `taskgate verify-build` report (declarations only).

These findings need a Docker engine, so no pre-commit hook emits them: the checks live in
`taskgate.ci.verify` and run in CI or on demand. They are declared here so that
`taskgate rules BLD002` explains them like every other code.
"""

from __future__ import annotations

from taskgate.hooks.registry import rule

_DYNAMIC = "Reported by `taskgate build` / `taskgate verify-build` (needs a Docker engine), never by the pre-commit hook."

BUILD_FAILED = rule(
    "BLD001", "build-failed", hook="dockerfile", category="reproducibility",
    summary="The task's image does not build.",
    stages=("merge",),
    rationale="A task whose environment cannot be built cannot be run, calibrated or trained on.",
    fix="Run `taskgate build TASK` and fix the step named by the finding (its line is the failing instruction).",
    limits=_DYNAMIC,
)
NOT_REPRODUCIBLE = rule(
    "BLD002", "environment-not-reproducible", hook="dockerfile", category="reproducibility",
    summary="Two builds without cache give different environments.",
    stages=("merge",),
    rationale="""Tests, reference runs and calibration are bound to one environment. If rebuilding
    the same Dockerfile yields different files (a build date written to disk, random bytes, an
    unpinned download), results recorded against one build do not hold for the next.""",
    fix="""Remove the nondeterminism from the named step: pin versions and digests, do not write
    dates or random data at build time, or generate such data at test time with a fixed seed.
    Paths that legitimately vary and never affect a run can be listed in taskgate.yaml
    `docker.exclude` (with a comment saying why).""",
    limits=_DYNAMIC + """ Two back-to-back builds catch build-time randomness and clocks, not
    drift that appears only across days (a mirror publishing a new package version). Modification
    times, and the copy of them in timestamp-based .pyc headers, are excluded by design.""",
)
