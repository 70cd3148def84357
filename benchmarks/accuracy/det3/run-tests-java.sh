#!/bin/bash
# expect: DET302@5
set -euo pipefail
cd /app
mvn -q -B dependency:resolve
mvn -q -B -o test
