# expect: none
FROM golang:1.22.3-bookworm@sha256:75fb912d50dd4d95c7401f98eea46d7931d9f89fadfb53e99d2f58c75671e60d
RUN go install golang.org/x/tools/cmd/goimports@v0.21.0 \
 && go install honnef.co/go/tools/cmd/staticcheck@v0.0.0-20240101000000-0123456789ab \
 && go install ./cmd/...
RUN gem install rspec -v 3.13.0 && gem install rake:13.2.1 && bundle install
RUN cargo install ripgrep@14.1.0 --locked && cargo install --git https://github.com/x/y --rev 705f74ba5bd5309ca9e6a3de50df9ea722fb280c y
RUN conda install -y -c conda-forge numpy=1.26.4 scipy==1.13.1
RUN pipx install black==24.4.2 && uv pip install --system ruff==0.4.4
