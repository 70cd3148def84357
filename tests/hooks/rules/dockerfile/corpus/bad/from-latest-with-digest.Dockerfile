# expect: DKR002@2
FROM node:latest@sha256:af0bac6108450ce96ba10b2692224fa3b5f3b24c44431e7931af41eb2be8e967
WORKDIR /task
