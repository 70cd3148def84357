# expect: DKR007@3 DKR015@3 DKR016@4
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y nodejs=20.11.1-1nodesource1
