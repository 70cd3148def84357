# expect: none
ARG PYTHON_IMAGE=python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
ARG RUNTIME_IMAGE
FROM ${PYTHON_IMAGE} AS base
RUN pip install --no-cache-dir pytest==8.3.3
FROM ${RUNTIME_IMAGE:-base}
WORKDIR /task
