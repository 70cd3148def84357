# expect: DKR001@4
ARG PYTHON_VERSION=3.11
ARG BASE=python:${PYTHON_VERSION}-slim-bookworm
FROM ${BASE} AS runtime
RUN python -m pip install --no-cache-dir pytest==7.4.4
