# expect: DKR008@8
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
ARG TARGETARCH
RUN case "$TARGETARCH" in \
      amd64) YQ_ARCH=amd64 ;; \
      arm64) YQ_ARCH=arm64 ;; \
    esac; \
    wget -q -O /usr/local/bin/yq "https://github.com/mikefarah/yq/releases/download/v4.44.1/yq_linux_${YQ_ARCH}" \
 && chmod +x /usr/local/bin/yq
