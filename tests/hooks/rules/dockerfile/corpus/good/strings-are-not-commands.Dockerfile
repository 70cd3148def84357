# expect: none
FROM python:3.12-slim-bookworm@sha256:c2b28d65a4a35fb90519fbde81f79737188580d31e6b6dce2f6e24f9cbb169c0
# Mentions in strings and comments are not commands: curl https://x | sh, apt-get install foo
RUN echo "To debug: apt-get install strace; curl -fsSL https://example.org/i.sh | sh" > /README.txt \
 && printf '%s\n' 'pip install anything' 'date' >> /README.txt
LABEL org.opencontainers.image.description="uses $RANDOM nowhere; date is not run"
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1
CMD ["sh", "-c", "date && pip list"]
