# expect: none
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN echo "deb [check-valid-until=no] https://snapshot.ubuntu.com/ubuntu/20240301T000000Z jammy main" > /etc/apt/sources.list \
 && apt-get update && apt-get install -y --no-install-recommends gcc \
 && rm -rf /var/lib/apt/lists/*
