# expect: DKR008@5
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "arm64" ]; then ARCH=aarch64; elif [ "$TARGETARCH" = "amd64" ]; then ARCH=x86_64; fi; \
    curl -fsSLo /tmp/tool.tgz "https://example.org/tool-1.2.3-${ARCH}.tgz" && tar -xzf /tmp/tool.tgz -C /usr/local
