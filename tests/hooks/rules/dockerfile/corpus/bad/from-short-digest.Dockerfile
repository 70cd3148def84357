# expect: DKR001@2
FROM python:3.12-slim@sha256:782412e85d0f
WORKDIR /task
