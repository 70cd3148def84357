# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
ENV BUILD_PACKAGES="gcc=4:12.2.0-3 make=4.3-4.1"
ARG PYTEST_VERSION=8.3.3
ARG VOLATILE="/var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/log/apt /var/log/dpkg.log"
RUN apt-get update && apt-get install -y $BUILD_PACKAGES && rm -rf $VOLATILE
RUN PIP_SPEC="pytest==${PYTEST_VERSION}"; pip install "$PIP_SPEC"
