# expect: DKR001@3
# `builder` is defined below, so this FROM pulls an image called builder:latest.
FROM builder AS final
WORKDIR /task
FROM golang:1.22.3@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d AS builder
RUN go version
