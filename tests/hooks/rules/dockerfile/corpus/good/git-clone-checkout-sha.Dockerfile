# expect: none
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
ARG CLICK_COMMIT=2c4c6cb67abab6e6cb46d0e94b6b646c8523ebf6
RUN git clone --filter=blob:none https://github.com/pallets/click /src/click \
 && git -C /src/click checkout "$CLICK_COMMIT" \
 && pip install --no-deps /src/click
RUN git clone https://github.com/psf/requests /src/requests
WORKDIR /src/requests
RUN git -c advice.detachedHead=false checkout b8e6b0e8e13b370f19c601d0bd13cc92ea92183e
RUN git init /src/attrs && cd /src/attrs \
 && git fetch --depth 1 https://github.com/python-attrs/attrs b394ff936697919b1b07e895dab1b8cfe5d3a836 \
 && git checkout FETCH_HEAD
