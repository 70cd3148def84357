# expect: DKR001@8
FROM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
RUN CGO_ENABLED=0 go build -trimpath -o /out/tool ./cmd/tool
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
COPY --from=build /out/tool /usr/local/bin/tool
