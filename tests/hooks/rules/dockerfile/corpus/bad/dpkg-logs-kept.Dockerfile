# expect: DKR016@5
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
COPY vendor/tool_1.0_amd64.deb /tmp/
# apt-get clean drops the .bin caches only; dpkg's log and the linker cache stay.
RUN dpkg -i /tmp/tool_1.0_amd64.deb \
 && apt-get clean \
 && rm -f /tmp/tool_1.0_amd64.deb
