# expect: DKR016@3 DKR003@5
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
      curl=7.81.0-1ubuntu1.16 \
      git \
      ca-certificates=20230311ubuntu0.22.04.1 \
 && rm -rf /var/lib/apt/lists/*
