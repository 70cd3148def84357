# expect: DKR011@4 DKR011@5
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
WORKDIR /app
COPY solution.py /app/reference.py
COPY . /app
