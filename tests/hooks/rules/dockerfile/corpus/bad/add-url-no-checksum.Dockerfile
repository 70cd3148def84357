# expect: DKR006@4
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
# Test fixture data
ADD https://example.org/datasets/words-2024.tar.gz /data/
