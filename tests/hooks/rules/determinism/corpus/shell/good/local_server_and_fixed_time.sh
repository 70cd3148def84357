#!/bin/bash
# expect: none
export RANDOM=1234
node /app/server.js --port 3000 &
until curl -sf "http://localhost:3000/ready"; do sleep 0.5; done
wget -qO- http://127.0.0.1:3000/api/v1/users > /tmp/users.json
nc -z 127.0.0.1 3000
BUILD_DAY=$(date -u -d "@${SOURCE_DATE_EPOCH:-0}" +%F)
PICK=$((RANDOM % 5))
shuf --random-source=<(yes) -n 3 /app/list.txt
echo "$BUILD_DAY $PICK"
cat > /tmp/gen.py <<'PY'
import random
print(random.random(), "$RANDOM")
PY
