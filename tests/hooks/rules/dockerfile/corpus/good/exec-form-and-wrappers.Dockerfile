# expect: none
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN ["/bin/bash", "-c", "pip3 install --no-cache-dir pytest==8.3.3"]
RUN sudo -E env DEBIAN_FRONTEND=noninteractive apt-get install -y vim=2:8.2.3995-1ubuntu2.17 \
 && sudo rm -rf /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/log/apt /var/log/dpkg.log
RUN ["npm", "install", "-g", "typescript@5.4.5"]
