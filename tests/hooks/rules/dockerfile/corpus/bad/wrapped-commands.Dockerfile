# expect: DKR003@3 DKR005@4 DKR016@3
FROM ubuntu:22.04@sha256:0b239729af430934f0a2e9b0619f6dbee7e17b5011ed2b409cd8bea09d65b81d
RUN sudo -E env DEBIAN_FRONTEND=noninteractive apt-get install -y vim
RUN su -c "pip3 install --user pandas" tester
