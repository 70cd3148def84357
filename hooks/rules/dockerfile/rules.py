"""Dockerfile rules (hook `dockerfile`): the task's image must be the same image on every build.

Every task is encapsulated in a Docker container to freeze its tech stack; that holds only if
each input of the build is pinned by content: the base image by digest, OS and language packages
by exact version (or the package index by snapshot), downloads by checksum, clones by commit, and
nothing in a layer may depend on when or where it was built. The image is the environment only:
candidates and tests are injected at run time, so a model can never read the ground truth from it.
The checks live in `dockerfile` (orchestration) and its `dockerfile_*` helpers.
"""

from __future__ import annotations

from taskgate.hooks.core.registry import rule

_HOOK = "dockerfile"

UNPINNED_IMAGE = rule(
    "DKR001", "base-image-unpinned", hook=_HOOK,
    summary="A base image (FROM, COPY --from, RUN --mount from=) is not pinned by digest.",
    rationale="""A tag is a pointer its publisher moves: `python:3.12` today is not `python:3.12`
    next month, so the same Dockerfile builds a different environment and calibration no longer
    describes the task. Only `name[:tag]@sha256:<64 hex>` names fixed bytes. An ARG used in FROM
    is a default that must itself be pinned.""",
    fix="""Pin the digest: `docker buildx imagetools inspect python:3.12-slim` prints it; write
    `FROM python:3.12-slim@sha256:<digest>` (keep the tag for readers). `FROM scratch` and earlier
    stages (`FROM build`) need no digest.""",
    limits="""A registry can delete a digest (the build then fails, it never changes). The
    `# syntax=` frontend image is not checked.""",
)
LATEST_TAG = rule(
    "DKR002", "latest-tag", hook=_HOOK,
    summary="A digest-pinned image is labelled `:latest`, which says nothing about what it is.",
    rationale="""The digest makes the build reproducible, but the tag is the only human-readable
    record of what the digest is, and digest-updating bots follow the tag: `latest@sha256:...`
    gets bumped across major versions without anyone deciding to.""",
    fix="Name the version the digest is: `FROM node:20.11.1-bookworm-slim@sha256:<digest>`.",
)
UNPINNED_OS_PACKAGE = rule(
    "DKR003", "os-package-unpinned", hook=_HOOK,
    summary="OS packages are installed without exact versions and without a snapshot index.",
    rationale="""`apt-get install curl` installs whatever the mirror has on the day of the build;
    two builds a week apart differ. Either every package names its version (`curl=7.88.1-10+deb12u5`,
    `apk add curl=8.5.0-r0`) or the package index itself is frozen by a snapshot
    (snapshot.debian.org / snapshot.ubuntu.com, or `apt-get update --snapshot`).""",
    fix="""Pin each package (`apt-cache policy PKG` in the base image shows the version), or point
    apt at a snapshot: `echo 'deb [check-valid-until=no] https://snapshot.debian.org/archive/debian/20240601T000000Z bookworm main' > /etc/apt/sources.list`.""",
    limits="""Package names that come from a variable with no static value, a file (`xargs`) or
    a loop are not judged. yum/dnf/zypper versions are recognised as `name-<digit>...`.""",
)
OS_UPGRADE = rule(
    "DKR004", "os-upgrade", hook=_HOOK,
    summary="The image upgrades all OS packages (apt-get upgrade/dist-upgrade, apk upgrade, dnf upgrade).",
    rationale="""An upgrade replaces the pinned base image's packages with whatever is newest on the
    day of the build, undoing the digest pin.""",
    fix="Pin a newer base image digest instead, or install the specific package versions you need.",
)
UNPINNED_LANGUAGE_PACKAGE = rule(
    "DKR005", "language-package-unpinned", hook=_HOOK,
    summary="Language packages are installed without exact versions (pip, npm/yarn/pnpm, go, cargo, gem, conda).",
    rationale="""`pip install pytest` or `npm i -g typescript` resolves to the newest release at
    build time, so the test runner itself changes under the task. Exact pins: `pytest==8.3.3`,
    `pip install --require-hashes -r requirements.txt`, `typescript@5.4.5`, `go install
    pkg@v1.2.3`, `cargo install --version 1.2.3 crate`, `gem install -v 1.2.3 rake`; a lockfile
    (`npm ci`, package-lock.json, yarn.lock, pnpm-lock.yaml) for whole projects.""",
    fix="""Pin the version the task was calibrated with (`pip freeze`, `npm ls`), or install from
    a requirements file whose every line is `name==version` (or carries `--hash`).""",
    limits="""A requirements file is judged from the build context (the task directory); one
    generated during the build or copied from another stage cannot be read and is reported.
    Transitive dependencies of `==`-pinned pip packages are not pinned unless hashes are required.""",
)
REMOTE_ADD = rule(
    "DKR006", "remote-add-unverified", hook=_HOOK,
    summary="ADD fetches a URL without `--checksum=sha256:...` (or a git repository without a commit).",
    rationale="The bytes behind a URL can change at any time; without a checksum the build silently takes them.",
    fix="""Add `--checksum=sha256:<64 hex>` to the ADD (BuildKit verifies it), or for a git URL pin
    the full commit: `ADD https://github.com/org/repo.git#<40-hex commit> /src`.""",
)
PIPE_TO_SHELL = rule(
    "DKR007", "pipe-to-shell", hook=_HOOK,
    summary="Downloaded content is executed directly (curl|sh, wget -O- | bash, sh -c \"$(curl ...)\").",
    rationale="""The script runs before anything can check it, and installers fetched this way
    usually fetch further unpinned content themselves.""",
    fix="""Download to a file, verify it (`echo '<sha256>  install.sh' | sha256sum -c -`), then run
    it, in the same RUN; better, install a pinned release artefact instead of an installer.""",
)
UNVERIFIED_DOWNLOAD = rule(
    "DKR008", "download-unverified", hook=_HOOK,
    summary="A RUN downloads with curl/wget and does not verify a checksum in the same RUN.",
    rationale="""A release asset can be replaced, a mirror can serve something else: an unchecked
    download makes the image depend on the network on the day of the build.""",
    fix="""Verify in the same RUN: `curl -fsSLo app.tgz "$URL" && echo "$SHA256  app.tgz" | sha256sum -c - && tar -xzf app.tgz`
    (a `gpg --verify` of a signature also counts). Streaming into tar cannot be verified: save the file first.""",
    limits="""Any checksum or signature verification in the RUN counts for all of its downloads;
    the checker does not match files to checksums.""",
)
UNPINNED_CLONE = rule(
    "DKR009", "git-clone-unpinned", hook=_HOOK,
    summary="`git clone` is not followed by a checkout of a full commit SHA.",
    rationale="A branch or tag is a movable name; only a 40-hex commit id names fixed content.",
    fix="""Check out the commit after cloning: `git clone https://github.com/org/repo /src && git -C
    /src checkout <40-hex sha>` (or `git fetch --depth 1 origin <sha> && git checkout FETCH_HEAD`).""",
    limits="A checkout in a later RUN of the same stage counts; one in another stage does not.",
)
BUILD_NONDETERMINISM = rule(
    "DKR010", "build-nondeterminism", hook=_HOOK,
    summary="A RUN bakes build-time nondeterminism into a layer (date, $RANDOM, /dev/urandom, uuidgen).",
    rationale="""A value computed from the clock or from entropy at build time differs on every
    build, so two builds of one Dockerfile never give the same image.""",
    fix="""Use a constant (or `$SOURCE_DATE_EPOCH`: `date -d @"$SOURCE_DATE_EPOCH"`), or compute the
    value at run time in the test if it must vary.""",
    limits="Only RUN commands are read; programs that read the clock internally are not detected.",
)
GROUND_TRUTH_IN_IMAGE = rule(
    "DKR011", "ground-truth-in-image", hook=_HOOK,
    summary="COPY/ADD puts solution/, tests/, calibration/ or meta/ of the task into the image.",
    rationale="""The image is the environment only: candidates and tests are injected at run time.
    A reference solution or the reward tests baked into the image can be read by the model being
    trained, which then learns to copy the answer instead of solving the task.""",
    fix="""Copy only what the environment needs (`COPY requirements.txt .`); never `COPY . .` unless
    a .dockerignore in the task directory excludes solution/, tests/, calibration/ and meta/.""",
)
UNPARSABLE = rule(
    "DKR012", "dockerfile-unparsable", hook=_HOOK,
    summary="The Dockerfile cannot be read: it does not parse, is not UTF-8 text, or is too large.",
    rationale="A Dockerfile that `docker build` rejects produces no environment, and no rule can judge it.",
    fix="""Fix the reported line (a missing `\\` continuation, or a heredoc whose delimiter line is
    missing or indented, is the usual cause of an unknown instruction).""",
)
BAKED_SECRET = rule(
    "DKR013", "secret-in-image", hook=_HOOK,
    summary="A secret is baked into the image: ENV of a secret-named variable or a token-shaped value, or a secret ARG used by RUN.",
    rationale="""ENV values are stored in the image configuration and ARG values used by RUN in its
    history (`docker history`, `docker inspect`): anyone with the image, including the model
    being trained inside it, reads the token. A task image is shared widely; a leaked key must be
    rotated.""",
    fix="""Pass secrets only to the RUN that needs them, without storing them: `RUN
    --mount=type=secret,id=hf_token HF_TOKEN=$(cat /run/secrets/hf_token) huggingface-cli download
    ...` and `docker build --secret id=hf_token,env=HF_TOKEN`. A task's tests must not need a
    secret at all.""",
    limits="""Names are judged by their words (`*_TOKEN`, `*_SECRET`, `*PASSWORD*`, `*API_KEY*`,
    `*ACCESS_KEY*`, `*PRIVATE_KEY*`, `*CREDENTIALS*`; not `*_FILE`, `*_PATH`, `*_URL`, `*_NAME`, or
    names with PUBLIC); empty values and placeholders (`dummy`, `test`, `changeme`, `<...>`) are
    not secrets. Values are recognised by shape for GitHub, OpenAI, Anthropic, Hugging Face, AWS,
    Slack and private keys; other secrets under innocuous names are not seen.""",
)
UNKNOWN_STAGE = rule(
    "DKR014", "unknown-build-stage", hook=_HOOK,
    summary="COPY --from / RUN --mount from= names a build stage that does not exist (yet).",
    rationale="""A `--from` that matches no earlier `FROM ... AS name` is taken by BuildKit as an image
    name and pulled from Docker Hub (`builder` becomes `docker.io/library/builder:latest`): the
    build fails, or worse, copies files from a stranger's image. A stage defined later cannot be
    used either.""",
    fix="""Name the stage before its use (`FROM golang:1.22@sha256:... AS builder`) and spell the
    reference the same way; to copy from an image, write its full pinned reference
    (`--from=alpine:3.19@sha256:...`).""",
    limits="""A single word that is the name of a Docker Hub official image (alpine, busybox, python,
    ...) is read as that image (DKR001 then asks for a digest), not as a missing stage.""",
)
PIPE_WITHOUT_PIPEFAIL = rule(
    "DKR015", "pipe-without-pipefail", hook=_HOOK, severity="warning",
    summary="A RUN pipes commands without `pipefail`, so a failure before the last `|` is ignored (hadolint DL4006).",
    rationale="""A POSIX shell returns the status of the last command of a pipeline: in `curl -fsSL
    $URL | tar -xz` a failed download still lets the build go on, with a half-built layer that
    changes from build to build.""",
    fix="""Set it once for every RUN: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or
    `["/bin/ash", "-eo", "pipefail", "-c"]` on Alpine), or begin the RUN with `set -o pipefail
    &&`.""",
    limits="""Pipelines fed only by echo/printf/yes (which cannot fail) and pipelines inside `$(...)`
    (whose status is not the RUN's) are not reported; a `set -o pipefail` anywhere earlier in the
    same RUN counts.""",
)
