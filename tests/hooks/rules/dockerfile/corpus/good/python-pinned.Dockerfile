# expect: none
# Environment only: the runner mounts solution/ and tests/ under /task at run time.
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
ENV PYTHONPATH=/task/solution \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir pytest==8.3.3 "hypothesis[numpy]==6.100.1" && pip --version
WORKDIR /task
