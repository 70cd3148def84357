# expect: DKR005@6
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
WORKDIR /app
COPY requirements.txt .
RUN set -eux \
    && python -m pip install --no-cache-dir -r requirements.txt \
    && python -c "import flask"
