#!/usr/bin/env bash
# expect: none
# The solution starts its own server; check it answers on loopback.
python3 /app/server.py &
SERVER_PID=$!
for i in $(seq 1 30); do
  if curl -sf http://127.0.0.1:8080/health > /dev/null; then break; fi
  sleep 1
done
curl -s "http://localhost:8080/api/items?limit=3" > /tmp/items.json
kill "$SERVER_PID"
python3 -m pytest /tests/test_api.py
