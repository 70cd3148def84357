# expect: DKR005@3 DKR005@4
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
RUN python -m pip install "fastapi>=0.110" uvicorn==0.29.0
RUN pip install --no-cache-dir numpy<2 pandas==2.2.2
