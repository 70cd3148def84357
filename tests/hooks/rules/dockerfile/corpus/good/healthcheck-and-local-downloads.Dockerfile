# expect: none
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
RUN python -m http.server 8000 & sleep 1; curl -fsS http://127.0.0.1:8000/ > /dev/null; kill %1
WORKDIR /task
