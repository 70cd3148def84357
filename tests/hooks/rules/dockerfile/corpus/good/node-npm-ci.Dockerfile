# expect: none
FROM node:20.11.1-bookworm-slim@sha256:af0bac6108450ce96ba10b2692224fa3b5f3b24c44431e7931af41eb2be8e967
WORKDIR /env
COPY package.json package-lock.json ./
RUN npm ci --omit=optional && npm cache clean --force
RUN npm install -g typescript@5.4.5 @vitest/ui@1.6.0 npm@10.5.2
ENV NODE_PATH=/env/node_modules
WORKDIR /task
