# expect: DKR015@4 DKR015@7
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
WORKDIR /data
RUN python3 -c "print(1)" | tee /tmp/out.txt
RUN echo "c2bb3ccfff6a5dec63bfc98b37438bd1cbf44fb16376761c797302e8392207aa  /tmp/a" | sha256sum -c - || true
RUN set -eux; \
    find / -name '*.pyc' | xargs rm -f
RUN bash -o pipefail -c 'ls / | wc -l'
