# expect: none
# The lockfile is named by COPY, so the build cannot run without it: npm install follows it.
FROM node:20.11.1-bookworm-slim@sha256:af0bac6108450ce96ba10b2692224fa3b5f3b24c44431e7931af41eb2be8e967 AS deps
WORKDIR /env
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
FROM deps AS test-env
RUN yarn --version && node --version
WORKDIR /task
