# expect: DKR003@3
FROM alpine:3.19@sha256:bbfe8b63bc4614d22d2f6099ecbf5b6978af24c6f43f096b786ec182bb8b033c
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
    && apk add --no-cache python3=3.11.9-r0
