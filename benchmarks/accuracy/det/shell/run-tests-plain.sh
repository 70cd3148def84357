#!/bin/bash
# expect: none
set -euo pipefail

# Tests run offline: everything is installed in the Dockerfile.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r /app/. "$WORK/"
cd "$WORK"
echo "running the test suite"
python3 -m pytest /tests/test_outputs.py -rA
