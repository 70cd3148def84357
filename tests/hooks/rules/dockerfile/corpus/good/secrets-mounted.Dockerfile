# expect: none
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
ARG PIP_VERSION=24.0
ENV PYTHONDONTWRITEBYTECODE=1 \
    TOKENIZERS_PARALLELISM=false \
    HF_TOKEN_PATH=/run/secrets/hf_token \
    OPENAI_API_KEY=dummy \
    AWS_ACCESS_KEY_ID=""
RUN --mount=type=secret,id=hf_token,required=true \
    HF_TOKEN="$(cat /run/secrets/hf_token)" python -c "print('ok')"
