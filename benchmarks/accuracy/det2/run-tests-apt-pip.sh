#!/bin/bash
# expect: DET302@5 DET302@6 DET302@9
set -e
cd /app
apt-get update > /dev/null 2>&1
apt-get install -y python3-pip > /dev/null 2>&1
export PATH="$HOME/.local/bin:$PATH"
# Pinned test runner
pip3 install --break-system-packages pytest==8.3.4 requests==2.32.3
python3 -m pytest $TEST_DIR/test_outputs.py -v -rA
