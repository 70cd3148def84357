"""Loopback is not network: is the target of a network call a literal loopback address?

A test that starts a server on 127.0.0.1 and talks to it works under `--network none`, and its
answers come from the task's own code, so DET301's reason (an external, changing network) does
not apply. Every language analyser renders the target argument(s) of a network call as a
*template*: the literal text with each part it cannot know replaced by `UNKNOWN`
(`f"http://127.0.0.1:{port}/x"` -> `http://127.0.0.1:\ufffc/x`). This module decides from the
templates, one judgement for every language:

- the call is loopback when some argument names a host that is entirely literal and loopback
  (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`, the any address `0.0.0.0`/`::`, which as a
  target reaches this host too; for binds and servers also the empty host) and no argument names
  another host;
- a host that is not literal (`f"http://{host}/"`, `os.environ["URL"]`, a parameter) is unknown,
  so the call stays a finding.

Calls that take no target at all (`socket()`, `connect(fd, &addr, n)` in C, Python's
`socket.socket()`, Java's `url.openConnection()`) are judged from the file: loopback when the
file's literals name at least one loopback address and no other host (`names_only_loopback`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from taskgate.hooks.rules.determinism.commands import UNKNOWN

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
# A bare host[:port] written as a string (`"localhost:8080"`, `"127.0.0.1"`, `"[::1]:80"`).
_BARE = re.compile(r"^(?P<host>\[[0-9a-fA-F:.]+\]|[0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(?::(?:\d+|" + UNKNOWN + r".*))?$")
_NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "ftps", "tcp", "udp", "grpc", "redis", "postgres", "postgresql", "mysql", "mongodb", "amqp", "nats", "smtp", "imap", "ssh", "git"})
_HOST_END = "/?#"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost6", "ip6-localhost", "ip6-loopback"})
# Printf-style and format-string placeholders: values known only at run time.
_PLACEHOLDER = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdifxXuv]|\{[^{}]*\}")


def fill_placeholders(template: str) -> str:
    """`"http://localhost:%d/"` / `"http://localhost:{}/"` with the placeholders made UNKNOWN."""
    return _PLACEHOLDER.sub(UNKNOWN, template)


def is_loopback_host(host: str, bind: bool = False) -> bool:
    """`localhost`, `*.localhost`, 127.0.0.0/8, ::1, 0.0.0.0 and :: (and for a bind also '')."""
    host = host.strip().lower().removeprefix("[").removesuffix("]")
    if host in ("0.0.0.0", "::") or (bind and host == ""):
        return True  # the any address: a bind on this host, and as a target it never leaves it
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def host_of(template: str, *, bare: bool = True) -> str | None:
    """The host a target template names, when it names one entirely literally; else None.

    `http://127.0.0.1:8000/x` -> `127.0.0.1`; `localhost:` + UNKNOWN -> `localhost`;
    `http://` + UNKNOWN + `/x` -> None (the host is not known); `/items`, `tcp` -> None (no host).
    With `bare=False` only URLs (`scheme://host`) count.
    """
    text = template.strip()
    scheme = _SCHEME.match(text)
    if scheme:
        if scheme.group(1).lower() not in _NETWORK_SCHEMES:
            return None  # file:, data:, unix: ...
        rest = text[scheme.end():]
        rest = rest.split("@", 1)[1] if "@" in rest.split("/", 1)[0] else rest
        if rest.startswith("["):
            close = rest.find("]")
            if close < 0:
                return None
            host, after = rest[1:close], rest[close + 1:]
        else:
            end = min([i for i in (rest.find(c) for c in ":" + _HOST_END) if i >= 0] or [len(rest)])
            host, after = rest[:end], rest[end:]
        if UNKNOWN in host or not host or (after and after[0] not in ":" + _HOST_END):
            return None
        return host
    if not bare:
        return None
    match = _BARE.match(text)
    if not match or UNKNOWN in match.group("host"):
        return None
    host = match.group("host")
    if host in _LOOPBACK_NAMES or host.endswith(".localhost") or "." in host or ":" in host:
        return host.removeprefix("[").removesuffix("]")
    return None  # `tcp`, `GET`: a word, not a host


def targets_loopback(templates: Iterable[str | None], bind: bool = False) -> bool:
    """True when the arguments name a loopback host and no other host."""
    given = [t for t in templates if t is not None]
    hosts = [h for h in (host_of(t) for t in given) if h is not None]
    if bind and "" in given:
        hosts.append("")  # `("", port)`: every local interface
    return bool(hosts) and all(is_loopback_host(h, bind) for h in hosts)


def names_only_loopback(words: Iterable[str], bind: bool = False) -> bool:
    """The URLs and address-like words among `words` name at least one host, all loopback.

    Used for a command line (`curl -o out.json http://localhost:8080/x`, `nc -z 127.0.0.1 80`)
    and, for calls without a target argument, for all string literals of the file. Other bare
    words are not taken for hosts (a file name such as `out.json` looks like a domain).
    """
    hosts = []
    for word in words:
        host = host_of(word, bare=False)
        if host is None:
            bare = host_of(word)
            if bare is None or not (_is_ip(bare) or is_loopback_host(bare)):
                continue
            host = bare
        hosts.append(host)
    return bool(hosts) and all(is_loopback_host(h, bind) for h in hosts)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# The last name of an API that opens a server or binds an address: `0.0.0.0` is fine there.
BIND_NAMES = frozenset({"bind", "listen", "Listen", "ListenTCP", "ListenUDP", "ListenPacket", "create_server", "createServer", "ServerSocket", "TcpListener", "UdpSocket", "HTTPServer", "TCPServer", "start_server", "serve"})


def is_bind(name: str) -> bool:
    last = re.split(r"\.|::", name.rstrip("()"))[-1]
    return last in BIND_NAMES
