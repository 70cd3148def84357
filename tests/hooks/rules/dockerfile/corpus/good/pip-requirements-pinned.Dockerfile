# expect: none
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
WORKDIR /opt/env
COPY env/ ./
RUN python -m pip install --no-cache-dir -r requirements.txt -c constraints.txt pluggy
RUN --mount=type=bind,source=env/dev.txt,target=/tmp/dev.txt pip install -r /tmp/dev.txt
