#!/bin/sh
# expect: none
export TZ=UTC
EPOCH_LABEL=$(date -u -d @0 +%Y-%m-%d)
shuf --random-source=/app/seed.bin -n 5 /app/items.txt > /tmp/picked.txt
echo "epoch $EPOCH_LABEL"
pytest -q /tests
