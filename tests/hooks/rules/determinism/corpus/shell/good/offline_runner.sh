#!/bin/bash
# expect: none
set -euo pipefail
# Everything was installed by the Dockerfile; "pip install" in a comment is not a command.
echo "pip install is done in the Dockerfile"
WORKDIR=$(mktemp -d)
cp -r /app/. "$WORKDIR"
cd "$WORKDIR" && python3 -m pip install --no-index --find-links /wheels mypkg
./gradlew test --offline
cargo test --offline --frozen
npm ci --offline
python3 -m pytest -q /tests
