# expect: DKR005@3 DKR005@4
FROM continuumio/miniconda3:24.4.0-0@sha256:38509a7febf26126956ec39fa5ee5708356c7232a573034ba62b7d82a348b952
RUN conda install -y -c conda-forge numpy scipy=1.13.1
RUN go get github.com/stretchr/testify
