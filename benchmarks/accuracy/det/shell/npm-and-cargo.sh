#!/bin/bash
# expect: DET302@4 DET302@6 DET302@8
cd /app
npm install
npm test
cargo add serde@1.0.203
cargo test --offline
pip3 install -q requests==2.32.3
./gradlew test --offline
