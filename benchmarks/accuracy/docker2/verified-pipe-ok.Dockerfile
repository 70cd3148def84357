# expect: none
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
RUN set -o pipefail && curl -fsSLo /tmp/t.tgz https://example.org/t-1.0.tgz \
 && echo "c2bb3ccfff6a5dec63bfc98b37438bd1cbf44fb16376761c797302e8392207aa  /tmp/t.tgz" | sha256sum -c - \
 && tar -xzf /tmp/t.tgz -C /opt && ls /opt | head -n 1
