# expect: DKR005@3
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
RUN pip install "git+https://github.com/psf/requests.git@main#egg=requests"
