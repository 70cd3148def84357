# expect: DKR005@6
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
RUN set -eux; \
    mkdir -p /app/data; \
    cd /app; \
    pip install --no-cache-dir numpy pandas==2.2.2
