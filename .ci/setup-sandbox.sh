#!/usr/bin/env bash
# Host packages the sandbox-runner tests need (idempotent): GNU patch applies the meta mutants of
# `testing` tasks; libfaketime is preloaded from the host into reruns to shift their clock.
set -euo pipefail
need=()
command -v patch >/dev/null || need+=(patch)
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1 ] || need+=(libfaketime)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
