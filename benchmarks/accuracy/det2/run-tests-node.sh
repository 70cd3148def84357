#!/usr/bin/env bash
# expect: DET302@4
cd /app || exit 1
npm ci --no-audit --no-fund
npx --no-install jest --ci /tests
