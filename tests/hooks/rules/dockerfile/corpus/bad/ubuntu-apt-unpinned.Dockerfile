# expect: DKR016@4 DKR003@6
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        build-essential=12.9ubuntu3 cmake; \
    rm -rf /var/lib/apt/lists/*
