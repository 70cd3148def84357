#!/usr/bin/env bash
# Brings up what the Docker tests need, idempotently: a Docker engine, a registry on
# 127.0.0.1:5000 (so images get real @sha256: digests to pin), and locally built base images.
# No registry on the internet is reachable here, so nothing is pulled: bases are built from
# Debian packages (debootstrap) or from Debian's static busybox.
#
# Writes the pinned references to $TASKGATE_CI_STATE/images.env (default /var/lib/taskgate-ci).
set -euo pipefail

STATE=${TASKGATE_CI_STATE:-/var/lib/taskgate-ci}
REGISTRY=127.0.0.1:5000
mkdir -p "$STATE"
log() { printf '[docker-up] %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v docker-registry >/dev/null || need_pkgs+=(docker-registry)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || need_pkgs+=(busybox-static)
command -v patch >/dev/null || need_pkgs+=(patch)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# The client on PATH may be newer than Debian's engine.
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >"$STATE/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see $STATE/dockerd.log"; tail -20 "$STATE/dockerd.log" >&2; exit 1; }
fi

if ! curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1; then
  log "starting docker-registry on $REGISTRY"
  cat >"$STATE/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
YAML
  nohup docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
  for _ in $(seq 1 30); do curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 && break; sleep 1; done
  curl -fsS "http://$REGISTRY/v2/" >/dev/null || { log "registry did not start"; exit 1; }
fi

push_digest() {  # push a local image, print name@sha256:…
  local ref=$1
  docker push -q "$ref" >/dev/null
  docker inspect --format '{{index .RepoDigests 0}}' "$ref"
}

# busybox: a tiny FROM-scratch base for fast fixtures.
if ! docker image inspect "$REGISTRY/taskgate/busybox:1" >/dev/null 2>&1; then
  log "building busybox base"
  ctx=$(mktemp -d)
  cp "$(command -v busybox)" "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
DOCKERFILE
  docker build -q -t "$REGISTRY/taskgate/busybox:1" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
BUSYBOX=$(push_digest "$REGISTRY/taskgate/busybox:1")

# Debian bookworm with python3, pytest and node: the base of the example tasks in CI.
if ! docker image inspect "$REGISTRY/taskgate/bookworm-py:1" >/dev/null 2>&1; then
  log "debootstrapping Debian bookworm (python3, pytest, nodejs); about a minute"
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=python3,python3-pytest,nodejs,patch bookworm "$root" >"$STATE/debootstrap.log" 2>&1 \
    || { log "debootstrap failed; see $STATE/debootstrap.log"; tail -20 "$STATE/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$REGISTRY/taskgate/bookworm-py:1" >/dev/null
  rm -rf "$root"
fi
BOOKWORM=$(push_digest "$REGISTRY/taskgate/bookworm-py:1")

# The same, plus pip and an offline wheelhouse standing in for PyPI (the example tasks run
# `pip install pytest==…`; builds here have no network). PIP_* settings make plain `pip install`
# resolve from /opt/wheelhouse. Wheels come from PyPI through pip on this machine.
PIP_VERSION=24.3.1
PYTEST_VERSION=8.3.3
if ! docker image inspect "$REGISTRY/taskgate/bookworm-pip:1" >/dev/null 2>&1; then
  log "adding pip $PIP_VERSION and a wheelhouse (pytest $PYTEST_VERSION) to the bookworm base"
  ctx=$(mktemp -d)
  [ -x "$STATE/pip-venv/bin/pip" ] || python3 -m venv "$STATE/pip-venv"  # kept out of the build context
  "$STATE/pip-venv/bin/pip" download -q --disable-pip-version-check --only-binary=:all: --python-version 3.11 \
    --implementation py --abi none --platform any -d "$ctx/wheelhouse" "pip==$PIP_VERSION" "pytest==$PYTEST_VERSION"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $BOOKWORM
COPY wheelhouse /opt/wheelhouse
RUN python3 /opt/wheelhouse/pip-$PIP_VERSION-py3-none-any.whl/pip install -q --no-index --find-links /opt/wheelhouse \\
    --break-system-packages --no-cache-dir --root-user-action=ignore pip==$PIP_VERSION
ENV PIP_NO_INDEX=1 PIP_FIND_LINKS=/opt/wheelhouse PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore
DOCKERFILE
  docker build -q -t "$REGISTRY/taskgate/bookworm-pip:1" -f "$ctx/Dockerfile" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
BOOKWORM_PIP=$(push_digest "$REGISTRY/taskgate/bookworm-pip:1")

# Debian bookworm with every task language's toolchain (node and tsc, a JDK with JUnit 5, Go, g++,
# rustc/cargo): the base of the per-language gate fixtures. Built once and kept: about 5 minutes
# on a fresh 2-core machine (debootstrap downloads ~400 MB of packages).
POLYGLOT_PKGS=python3,nodejs,node-typescript,patch,g++,golang-go,default-jdk-headless,junit5,rustc,cargo
if ! docker image inspect "$REGISTRY/taskgate/bookworm-polyglot:2" >/dev/null 2>&1; then
  log "debootstrapping Debian bookworm with node, a JDK, Go, g++ and rustc; about 5 minutes"
  root=$(mktemp -d)
  debootstrap --variant=minbase --include="$POLYGLOT_PKGS" bookworm "$root" >"$STATE/debootstrap-polyglot.log" 2>&1 \
    || { log "debootstrap failed; see $STATE/debootstrap-polyglot.log"; tail -20 "$STATE/debootstrap-polyglot.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$REGISTRY/taskgate/bookworm-polyglot:2" >/dev/null
  rm -rf "$root"
fi
POLYGLOT=$(push_digest "$REGISTRY/taskgate/bookworm-polyglot:2")

cat >"$STATE/images.env" <<ENV
TASKGATE_TEST_BUSYBOX_IMAGE=$BUSYBOX
TASKGATE_TEST_PYTHON_IMAGE=$BOOKWORM_PIP
TASKGATE_TEST_BOOKWORM_IMAGE=$BOOKWORM
TASKGATE_TEST_POLYGLOT_IMAGE=$POLYGLOT
DOCKER_API_VERSION=$DOCKER_API_VERSION
ENV
log "ready: $(tr '\n' ' ' <"$STATE/images.env")"
