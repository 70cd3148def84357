# expect: DKR016@4 DKR003@5 DKR005@6
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
RUN <<EOT bash -ex
apt-get update
apt-get install -y --no-install-recommends graphviz
pip install pydot
EOT
