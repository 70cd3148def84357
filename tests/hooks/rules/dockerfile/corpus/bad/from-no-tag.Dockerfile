# expect: DKR001@2
FROM node
ENV NODE_ENV=test
WORKDIR /task
