# expect: DKR011@3 DKR011@4
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
COPY s* /task/
RUN --mount=type=bind,source=tests,target=/mnt/tests cp -r /mnt/tests /opt/tests
