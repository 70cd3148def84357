# expect: none
FROM python:3.12-slim-bookworm@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
RUN <<EOF2 cat > /etc/app.toml
[server]
port = 8080
EOF2
RUN cat <<-'CONF' > /etc/extra.conf
	verbose = false
	CONF
