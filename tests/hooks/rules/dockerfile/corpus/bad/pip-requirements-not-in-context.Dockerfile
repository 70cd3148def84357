# expect: DKR005@4
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
COPY --from=ghcr.io/astral-sh/uv:0.4.18@sha256:35e2e6e4287c3cdc5837b59f0fcfd5207cf232b6d6fe68fef01ed5fa18c42f3c /uv /bin/uv
RUN pip install -r /opt/requirements.txt
