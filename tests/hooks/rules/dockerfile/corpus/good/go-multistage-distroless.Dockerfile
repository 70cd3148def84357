# expect: none
# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/go/pkg/mod go mod download && go mod verify
COPY cmd/ ./cmd/
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w -buildid=" -o /out/harness ./cmd/harness
RUN go install gotest.tools/gotestsum@v1.11.0

FROM gcr.io/distroless/static-debian12@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
COPY --from=build /out/harness /usr/local/bin/harness
COPY --from=BUILD /go/bin/gotestsum /usr/local/bin/gotestsum
ENTRYPOINT ["/usr/local/bin/harness"]
