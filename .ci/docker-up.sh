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

cat >"$STATE/images.env" <<ENV
TASKGATE_TEST_BUSYBOX_IMAGE=$BUSYBOX
TASKGATE_TEST_PYTHON_IMAGE=$BOOKWORM
DOCKER_API_VERSION=$DOCKER_API_VERSION
ENV
log "ready: $(tr '\n' ' ' <"$STATE/images.env")"
