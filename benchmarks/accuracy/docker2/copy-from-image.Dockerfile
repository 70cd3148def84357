# expect: DKR001@3 DKR014@5
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8 AS deps
COPY --from=golang:1.22 /usr/local/go /usr/local/go
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
COPY --from=node_modules_builder /app/node_modules /app/node_modules
COPY --from=deps /usr/local/go /usr/local/go
