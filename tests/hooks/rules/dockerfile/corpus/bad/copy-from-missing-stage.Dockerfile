# expect: DKR014@6 DKR014@7 DKR014@8
FROM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d AS build
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740 AS runtime
COPY --from=build /out/server /usr/local/bin/server
COPY --from=biuld /out/server /usr/local/bin/server2
COPY --from=assets /www /srv/www
RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=2,source=/x,target=/x ls /x
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740 AS assets
RUN mkdir /www
