# expect: DKR005@4
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
RUN pip install --no-cache-dir \
    numpy>=1.26 scipy==1.13.1 matplotlib
