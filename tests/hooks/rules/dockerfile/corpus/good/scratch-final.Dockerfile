# expect: none
FROM alpine:3.19.1@sha256:bbfe8b63bc4614d22d2f6099ecbf5b6978af24c6f43f096b786ec182bb8b033c AS fetch
ARG BB_SHA256=69453e62c1eea568938af2cf8c1dca9285036a30ec84c6620f747540eedc30c1
RUN wget -O /busybox https://busybox.net/downloads/binaries/1.35.0-x86_64-linux-musl/busybox \
 && echo "${BB_SHA256}  /busybox" | sha256sum -c - \
 && chmod 0755 /busybox
FROM scratch
COPY --from=fetch /busybox /bin/busybox
COPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
