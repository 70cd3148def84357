# escape=`
# expect: none
FROM debian:bookworm-slim@sha256:45adcee074f34f3bbc4c69db7b000487f314d48026f2261b3f486e50c7d27cf3
RUN apt-get update `
 && apt-get install -y --no-install-recommends `
      make=4.3-4.1 `
 && echo "a backslash \ is literal here" > /etc/note `
 && apt-get clean && rm -rf /var/log/* /var/cache/ldconfig `
