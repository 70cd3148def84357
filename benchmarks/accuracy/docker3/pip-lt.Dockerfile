# expect: DKR005@3
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
RUN pip install "scikit-learn<1.6" joblib==1.4.2
