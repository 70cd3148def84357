# expect: none
FROM python:3.11-slim-bookworm@sha256:6b3223eb4d93718828223966ad316909c39813dee3ee9395204940500792b740
RUN cat > /etc/pip.conf << 'END'
[global]
no-cache-dir = true
END
RUN python3 - <<- PYEOF
	print("hello")
	PYEOF
RUN echo $(( 1 << 4 )) > /tmp/sixteen
