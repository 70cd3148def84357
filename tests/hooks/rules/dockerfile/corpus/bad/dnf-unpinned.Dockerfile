# expect: DKR003@3 DKR004@4
FROM fedora:40@sha256:38509a7febf26126956ec39fa5ee5708356c7232a573034ba62b7d82a348b952
RUN dnf install -y gcc-14.1.1-7.fc40 make && dnf clean all
RUN dnf -y upgrade
