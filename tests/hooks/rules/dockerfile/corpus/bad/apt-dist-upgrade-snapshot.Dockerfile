# expect: DKR004@5 DKR016@5
# The snapshot pins the index, so the install is fine, but an upgrade still rewrites the base.
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN echo 'deb [check-valid-until=no] https://snapshot.debian.org/archive/debian/20240601T000000Z bookworm main' > /etc/apt/sources.list
RUN apt-get update && apt-get dist-upgrade -y && apt-get install -y --no-install-recommends make
