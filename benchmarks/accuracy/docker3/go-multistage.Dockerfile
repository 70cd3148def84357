# expect: DKR014@7
FROM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
COPY --from=builder /out/app /usr/local/bin/app
