# expect: DKR008@6 DKR015@6
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
# The checksum below verifies the first download only; the second is streamed unverified.
RUN curl -fsSLo /tmp/a.tgz https://example.org/a-1.0.tgz \
 && echo "c2bb3ccfff6a5dec63bfc98b37438bd1cbf44fb16376761c797302e8392207aa  /tmp/a.tgz" | sha256sum -c - \
 && curl -fsSL https://example.org/b-2.0.tgz | tar -xz -C /opt
