# expect: DKR005@3
FROM node:20.11.1-bookworm-slim@sha256:af0bac6108450ce96ba10b2692224fa3b5f3b24c44431e7931af41eb2be8e967
RUN npm install -g typescript@^5.4.0 ts-node
