#!/bin/bash
# expect: DET302@4 DET101@5 DET101@7
cd /app
cargo install cargo-nextest --locked
START=$(date +%s.%N)
cargo nextest run --offline
echo "took $(echo "$(date +%s.%N) - $START" | bc)"
