# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
ARG SOURCE_DATE_EPOCH=1704067200
RUN date -u -d "@${SOURCE_DATE_EPOCH}" +%Y-%m-%d > /etc/build-date \
 && date -u -d '2024-01-01 00:00:00' +%s > /etc/epoch \
 && touch -d '2024-01-01' /etc/stamp
