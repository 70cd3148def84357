#!/bin/bash
# expect: DET302@5 DET302@6 DET302@7 DET302@9
set -euo pipefail
cd /app
sudo apt-get -qq update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends jq
python3 -m pip install --quiet -r /tests/requirements.txt
# run the suite
timeout 300 npx jest --ci /tests
