# expect: none
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8 AS builder
RUN mkdir -p /out && echo 'print(1)' > /out/app.py
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
COPY --from=builder /out/app.py /app/app.py
COPY --from=0 /out/app.py /app/again.py
