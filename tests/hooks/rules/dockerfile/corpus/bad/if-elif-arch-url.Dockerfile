# expect: DKR008@9
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "arm64" ]; then \
      PLATFORM=linux-arm64; \
    else \
      PLATFORM=linux-x64; \
    fi \
 && curl -fsSLo /tmp/node.tgz "https://nodejs.org/dist/v20.12.2/node-v20.12.2-${PLATFORM}.tar.gz" \
 && tar -xzf /tmp/node.tgz -C /usr/local --strip-components=1
