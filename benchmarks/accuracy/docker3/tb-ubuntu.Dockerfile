# expect: DKR001@2 DKR003@4 DKR005@6
FROM ghcr.io/laude-institute/t-bench/ubuntu-24-04:20250624
WORKDIR /app
RUN apt-get update && apt-get install -y python3 python3-pip
COPY requirements.txt .
RUN pip install --break-system-packages -r requirements.txt
