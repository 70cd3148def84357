# expect: none
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
WORKDIR /srv
COPY . .
COPY *.txt /srv/config/
RUN python -m pip install --no-cache-dir --require-hashes -r requirements.txt
