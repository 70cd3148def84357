#!/usr/bin/env bash
# buildah (Debian bookworm: 1.28) builds the images whose digests `taskgate verify-build` proves
# identical (level 2): as root, with a private storage root and chroot isolation, no daemon.
set -euo pipefail
if ! command -v buildah >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah >/dev/null
fi
buildah version --json >/dev/null
