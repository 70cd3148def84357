# expect: DKR001@2
FROM python:3.12-slim
RUN pip install --no-cache-dir pytest==8.3.3
WORKDIR /task
