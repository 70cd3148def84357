# expect: DKR005@3
FROM rust:1.78-slim-bookworm@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN cargo install cargo-nextest --locked
