# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
ARG SNAPSHOT=20240601T000000Z
# Freeze the package index: every build installs the same versions.
RUN printf 'deb [check-valid-until=no] https://snapshot.debian.org/archive/debian/%s bookworm main\n' "$SNAPSHOT" > /etc/apt/sources.list \
 && rm -f /etc/apt/sources.list.d/debian.sources \
 && apt-get -o Acquire::Check-Valid-Until=false update \
 && apt-get install -y --no-install-recommends build-essential python3 python3-pytest \
 && rm -rf /var/lib/apt/lists/* \
 && find /var/log /var/cache/apt /var/cache/ldconfig -type f -delete
