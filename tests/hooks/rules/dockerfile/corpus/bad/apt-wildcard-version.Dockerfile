# expect: DKR003@3 DKR016@3
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN apt-get update && apt-get install -y --no-install-recommends python3=3.11.* && rm -rf /var/lib/apt/lists/*
