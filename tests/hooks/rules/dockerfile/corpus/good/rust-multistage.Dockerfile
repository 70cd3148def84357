# expect: none
FROM rust:1.78.0-slim-bookworm@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d AS chef
WORKDIR /build
COPY Cargo.toml Cargo.lock ./
RUN cargo fetch --locked
RUN cargo install --locked --version 0.9.70 cargo-nextest \
 && cargo install --locked cargo-llvm-cov@0.6.9
FROM chef AS test-env
ENV CARGO_TERM_COLOR=never
WORKDIR /task
