# expect: DKR001@2 DKR003@4
FROM ghcr.io/laude-institute/t-bench/python-3-13:20250620
WORKDIR /app
RUN apt-get update && apt-get install -y curl tmux asciinema
COPY app/ /app/
