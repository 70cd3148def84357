# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3 AS deb
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates=20230311 \
      curl=7.88.1-10+deb12u5 \
      ./vendor/tool_1.0_amd64.deb \
 && apt-get purge -y --auto-remove \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/log/apt/* /var/log/dpkg.log
FROM alpine:3.19.1@sha256:bbfe8b63bc4614d22d2f6099ecbf5b6978af24c6f43f096b786ec182bb8b033c
RUN apk add --no-cache --virtual .deps gcc=13.2.1_git20231014-r0 musl-dev=1.2.4_git20230717-r4 && apk del .deps
