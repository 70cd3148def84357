# expect: DKR009@3
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
RUN git clone --depth 1 --branch v2.31.0 https://github.com/psf/requests /opt/requests \
 && pip install --no-deps /opt/requests
