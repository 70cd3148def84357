#!/bin/sh
# expect: DET302@4
cd /app
yarn
yarn test --ci
