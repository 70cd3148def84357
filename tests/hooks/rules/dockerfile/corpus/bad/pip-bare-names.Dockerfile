# expect: DKR005@4
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
ENV PIP_NO_CACHE_DIR=1
RUN pip install requests==2.32.3 pytest flask
