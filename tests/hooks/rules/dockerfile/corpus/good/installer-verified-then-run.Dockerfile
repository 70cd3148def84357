# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN curl -fsSL -o /tmp/install.sh https://example.org/install-2.4.0.sh \
 && [ "$(sha256sum /tmp/install.sh | cut -d' ' -f1)" = "69453e62c1eea568938af2cf8c1dca9285036a30ec84c6620f747540eedc30c1" ] \
 && sh /tmp/install.sh --prefix /opt/tool
