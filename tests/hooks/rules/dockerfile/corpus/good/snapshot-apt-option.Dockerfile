# expect: none
FROM debian:trixie-slim@sha256:38509a7febf26126956ec39fa5ee5708356c7232a573034ba62b7d82a348b952
RUN --mount=type=cache,target=/var/cache/apt --mount=type=tmpfs,target=/var/log \
    apt-get update --snapshot 20240601T000000Z \
 && apt-get install -y --no-install-recommends --snapshot 20240601T000000Z nodejs \
 && rm -f /var/cache/ldconfig/aux-cache
