# expect: DKR003@4 DKR016@4
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
ENV BUILD_PACKAGES="gcc make libc6-dev=2.36-9+deb12u7"
RUN apt-get update && apt-get install -y $BUILD_PACKAGES
