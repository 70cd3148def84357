# expect: none
ARG PY_VERSION=3.12
ARG PY_DIGEST=sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
FROM python:${PY_VERSION}-slim@${PY_DIGEST}
ARG PY_VERSION
RUN echo "python ${PY_VERSION}" > /etc/python-version
