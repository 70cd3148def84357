# expect: DKR010@3 DKR010@4 DKR010@5 DKR015@4
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN echo "$RANDOM" > /etc/seed
RUN head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > /etc/machine-secret
RUN uuidgen > /etc/instance-id
