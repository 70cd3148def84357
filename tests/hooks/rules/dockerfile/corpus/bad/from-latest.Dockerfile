# expect: DKR001@3
# A "latest" base changes under the task with every upstream release.
FROM ubuntu:latest
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /task
