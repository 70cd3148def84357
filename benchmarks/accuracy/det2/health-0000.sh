#!/bin/bash
# expect: none
python3 -m http.server 8000 --bind 0.0.0.0 --directory /app/www &
sleep 1
curl -fsS http://0.0.0.0:8000/index.html -o /tmp/index.html
wget -q -O - "http://[::1]:8000/data.json" > /tmp/data.json
diff /tmp/index.html /tests/expected.html
