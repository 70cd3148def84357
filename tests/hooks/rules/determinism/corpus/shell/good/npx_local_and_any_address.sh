#!/usr/bin/env bash
# expect: none
npx --no-install jest --ci /tests
python3 -c 'import subprocess; subprocess.run(["curl", "-s", "http://0.0.0.0:9000/"])'
curl -s http://0.0.0.0:9000/metrics | grep -q up_total
