# expect: DKR010@3 DKR010@4
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN date -u +%Y-%m-%dT%H:%M:%SZ > /etc/build-date
RUN echo "built $(date +%s)" >> /etc/motd
