# expect: DKR015@4
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
SHELL ["/bin/bash", "-c"]
RUN python -m pip list --format=freeze | grep -i numpy > /tmp/numpy.txt || true
