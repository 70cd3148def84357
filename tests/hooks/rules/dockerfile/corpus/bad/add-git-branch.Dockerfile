# expect: DKR006@3
FROM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d
ADD https://github.com/golang/example.git#master /src/example
