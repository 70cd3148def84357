# expect: DKR016@4
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN rm -rf /var/log/* /var/cache/apt/* /var/cache/ldconfig \
 && apt-get update \
 && apt-get install -y --no-install-recommends make=4.3-4.1build1
