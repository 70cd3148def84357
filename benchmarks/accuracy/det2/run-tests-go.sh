#!/bin/sh
# expect: DET302@4
cd /app/service
go mod download
go test ./... -count=1 -run 'Test.*' 2>&1 | tee /tmp/go-test.log
