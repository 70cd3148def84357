# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
ADD --checksum=sha256:97699a2532d13b683a17e446d016e7a140cfb5b1ee3345b2b6eaf216af5c1ce6 https://example.org/datasets/words-2024.tar.gz /data/
ADD https://github.com/golang/example.git#705f74ba5bd5309ca9e6a3de50df9ea722fb280c /src/example
ADD vendor/fixtures.tar.gz /data/
