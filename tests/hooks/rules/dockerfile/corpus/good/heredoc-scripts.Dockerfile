# expect: none
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
RUN <<EOF
set -eu
pip install --no-cache-dir pytest==8.3.3
echo "apt-get install foo" > /tmp/not-a-command
EOF
RUN <<EOF
#!/usr/bin/env python3
import random
print(random.Random(7).random())
EOF
COPY <<EOT /etc/pip.conf
[global]
no-cache-dir = true
EOT
RUN python3 <<'PY'
import pathlib
pathlib.Path("/tmp/ok").write_text("ok")
PY
