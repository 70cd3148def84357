# expect: DKR013@3
FROM node:20.12.2-bookworm-slim@sha256:af0bac6108450ce96ba10b2692224fa3b5f3b24c44431e7931af41eb2be8e967
ARG NPM_TOKEN
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
