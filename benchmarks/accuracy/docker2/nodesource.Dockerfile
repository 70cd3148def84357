# expect: DKR007@3 DKR015@3 DKR008@4 DKR015@4
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
RUN wget -qO- https://example.org/data-2024.tar.gz | tar xz -C /opt
