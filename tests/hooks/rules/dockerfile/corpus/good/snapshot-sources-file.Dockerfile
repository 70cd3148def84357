# expect: none
FROM ubuntu:24.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
COPY sources.list /etc/apt/sources.list
RUN apt-get update && apt-get install -y --no-install-recommends g++ cmake && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/ldconfig/* /var/log/*
