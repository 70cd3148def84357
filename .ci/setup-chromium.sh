#!/usr/bin/env bash
# Debian's Chromium, for the test that renders `taskgate report` in a real headless browser.
set -euo pipefail
if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
