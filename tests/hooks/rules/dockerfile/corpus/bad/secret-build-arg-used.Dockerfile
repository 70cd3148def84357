# expect: DKR013@3 DKR013@5 DKR013@6
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
ARG GITHUB_TOKEN
ARG DATASET_REV=main
ENV WANDB_API_KEY=3f9c2a7e5b1d4c8a9e0f6b2d7c4a1e8f
ENV SETTINGS="ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
RUN git clone https://${GITHUB_TOKEN}@github.com/acme/private-fixtures.git /fixtures \
 && git -C /fixtures checkout 0123456789abcdef0123456789abcdef01234567
