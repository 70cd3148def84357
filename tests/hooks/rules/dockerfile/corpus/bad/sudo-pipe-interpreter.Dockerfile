# expect: DKR007@4 DKR015@4
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
ARG POETRY_URL=https://install.python-poetry.org
RUN wget -qO- "$POETRY_URL" | python3 -
