# expect: none
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN ls /usr/lib | sort | head -n 3 > /tmp/libs.txt
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d AS second
RUN set -euo pipefail && ls /usr/lib | wc -l > /tmp/count
RUN V="$(ls /usr/lib | wc -l)" && echo "$V" > /tmp/n
