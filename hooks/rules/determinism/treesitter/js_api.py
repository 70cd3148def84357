"""What the JavaScript / TypeScript analyser (`determinism_ts_js`) reports: qualified API names
(a global such as `Date.now`, or `<module>.<member>` for Node and npm modules) with their code,
when they count (any use, only a call, or `new Date()` without arguments) and the fix."""

from __future__ import annotations

import re

from taskgate.hooks.rules.determinism.rules import CLOCK, ELAPSED_FIX, GLOBAL_RNG, NETWORK, OS_ENTROPY, TIME_UUID
from taskgate.hooks.rules.determinism.treesitter.analyser import FIX_NETWORK

FIX_CLOCK = ("take the time as a parameter or use a fixed date such as `new Date(0)`, or pin the clock "
             "with `jest.useFakeTimers()` and `jest.setSystemTime(...)`")
FIX_RANDOM = "use a small seeded generator (e.g. mulberry32 with a constant seed) passed in as a parameter"
FIX_UUID = "derive ids from the input (a counter or a hash of the content)"

# Qualified name -> (code, when, fix). when: "ref" any use, "call" only when called or
# constructed, "now" the Date constructor (only `new Date()` without arguments and `Date()`).
API: dict[str, tuple[str, str, str]] = {
    "Date": (CLOCK, "now", FIX_CLOCK),
    "Date.now": (CLOCK, "ref", FIX_CLOCK),
    "performance.now": (CLOCK, "ref", ELAPSED_FIX),
    "process.hrtime": (CLOCK, "ref", ELAPSED_FIX),
    "process.hrtime.bigint": (CLOCK, "ref", ELAPSED_FIX),
    "process.uptime": (CLOCK, "ref", FIX_CLOCK),
    "process.cpuUsage": (CLOCK, "ref", ELAPSED_FIX),
    "Math.random": (GLOBAL_RNG, "ref", FIX_RANDOM),
    "uuid.v1": (TIME_UUID, "ref", FIX_UUID),
    "uuid.v6": (TIME_UUID, "ref", FIX_UUID),
    "uuid.v7": (TIME_UUID, "ref", FIX_UUID),
    "uuid.v4": (OS_ENTROPY, "ref", FIX_UUID),
    "nanoid.nanoid": (OS_ENTROPY, "ref", FIX_UUID),
    "fetch": (NETWORK, "call", FIX_NETWORK),
    "XMLHttpRequest": (NETWORK, "call", FIX_NETWORK),
    "WebSocket": (NETWORK, "call", FIX_NETWORK),
    "EventSource": (NETWORK, "call", FIX_NETWORK),
    "navigator.sendBeacon": (NETWORK, "ref", FIX_NETWORK),
    "http2.connect": (NETWORK, "ref", FIX_NETWORK),
    "dgram.createSocket": (NETWORK, "ref", FIX_NETWORK),
}
for _name in ("randomUUID", "getRandomValues", "randomBytes", "randomInt", "randomFill",
              "randomFillSync", "pseudoRandomBytes", "prng", "rng"):
    API[f"crypto.{_name}"] = (OS_ENTROPY, "ref", FIX_RANDOM)
for _module in ("http", "https"):
    API[f"{_module}.request"] = API[f"{_module}.get"] = (NETWORK, "ref", FIX_NETWORK)
for _module in ("net", "tls"):
    API[f"{_module}.connect"] = API[f"{_module}.createConnection"] = (NETWORK, "ref", FIX_NETWORK)
API["net.Socket"] = (NETWORK, "call", FIX_NETWORK)
for _name in ("lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCname",
              "resolveMx", "resolveNs", "resolveTxt", "resolveSrv", "resolvePtr", "resolveSoa", "reverse"):
    API[f"dns.{_name}"] = (NETWORK, "ref", FIX_NETWORK)
HTTP_LIBRARIES = ("axios", "node-fetch", "cross-fetch", "got", "superagent", "request", "needle", "ky",
                  "undici", "phin", "make-fetch-happen")
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "del", "head", "options", "request", "fetch",
              "stream", "connect", "pipeline", "getJSON", "postJSON")
for _module in HTTP_LIBRARIES:
    API[_module] = (NETWORK, "call", FIX_NETWORK)
    for _verb in HTTP_VERBS:
        API[f"{_module}.{_verb}"] = (NETWORK, "ref", FIX_NETWORK)

# Calls whose arguments decide: a command line, or a seed.
COMMANDS = {f"child_process.{n}": n for n in ("exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync")}
COMMANDS.update({"execa": "execFile", "execa.execaSync": "execFile", "execa.execaCommand": "exec",
                 "execa.execaCommandSync": "exec", "execa.$": "exec", "zx.$": "exec"})
SEEDERS = {"seedrandom"}

KNOWN_MODULES = frozenset({
    "crypto", "http", "https", "http2", "net", "tls", "dgram", "dns", "dns/promises", "perf_hooks",
    "child_process", "process", "uuid", "nanoid", "seedrandom", "execa", "zx", *HTTP_LIBRARIES,
})
# Rewrites applied to every qualified prefix.
ALIASES = {"perf_hooks.performance": "performance", "crypto.webcrypto": "crypto", "dns/promises": "dns",
           "dns.promises": "dns", "execa.execa": "execa", "process.process": "process",
           **{f"{m}.default": m for m in KNOWN_MODULES}}
GLOBALS = frozenset({"Date", "Math", "performance", "crypto", "process", "fetch", "XMLHttpRequest",
                     "WebSocket", "EventSource", "navigator"})
GLOBAL_OBJECTS = frozenset({"globalThis", "window", "global", "self"})
CLOCK_MOCK_MODULES = frozenset({"mockdate", "timekeeper", "@sinonjs/fake-timers", "fake-timers"})
NETWORK_MOCK_MODULES = frozenset({"nock", "msw", "msw/node", "fetch-mock", "jest-fetch-mock",
                                  "axios-mock-adapter", "undici-mock"})

MOCKING = frozenset({"mock", "doMock", "unstable_mockModule", "setMock", "spyOn", "stub", "replace", "replaceProperty",
                     "replaceGetter", "method", "useFakeTimers", "setSystemTime", "install", "enable"})


def _needles() -> dict[bytes, list[tuple[bytes, ...]]]:
    """Every name a finding can resolve to, as the words that must all occur in the source,
    grouped by the first word."""
    by_first: dict[bytes, list[tuple[bytes, ...]]] = {}
    for name in [*API, *COMMANDS, *SEEDERS]:
        words = tuple(w.encode() for w in name.split(".") if w)
        by_first.setdefault(words[0], []).append(words[1:])
    return by_first


_BY_FIRST = _needles()
_GLOBAL_FIRSTS = frozenset(g.encode() for g in GLOBALS)
# A backslash escape that `string_value` turns into a name character (it keeps what follows the
# backslash: `'\random'` reads as "random"): the text then need not spell the name. `\n` and `\t`
# become spaces and `\u00e9`, `\x41` keep their hex digits, so they cannot; any other letter,
# digit, `_` or `$` after a backslash sends the file to the analyser.
_ESCAPE = re.compile(rb"\\(?![nt]|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{2})[A-Za-z0-9_$]")
_WORDS: dict[bytes, re.Pattern[bytes]] = {}


def _word(source: bytes, word: bytes) -> bool:
    """`word` occurs as a whole name (identifier, member or string content), not inside a longer one."""
    if word not in source:
        return False
    pattern = _WORDS.get(word)
    if pattern is None:
        pattern = _WORDS[word] = re.compile(rb"(?<![A-Za-z0-9_$])" + re.escape(word) + rb"(?![A-Za-z0-9_$])")
    return pattern.search(source) is not None


def _module(source: bytes, name: bytes) -> bool:
    """`name` occurs as a module specifier: the analyser knows modules only from string literals
    (`require('got')`, `from "node:http"`, `'dns/promises'`)."""
    if name not in source:
        return False
    pattern = _SPECIFIERS.get(name)
    if pattern is None:
        pattern = _SPECIFIERS[name] = re.compile(rb"['\"`](?:node:)?" + re.escape(name) + rb"['\"`/]")
    return pattern.search(source) is not None


_SPECIFIERS: dict[bytes, re.Pattern[bytes]] = {}


def may_report(source: bytes) -> bool:
    """False only when the analyser certainly reports nothing. Every finding resolves to a name in
    `API`, `COMMANDS` or `SEEDERS` (`ALIASES` only drop words), and the analyser takes names from
    the source's own text: identifiers, member names, string keys and, for a module, the string
    that names it. So each word of the name occurs whole in the source, and a name that starts
    at a module (not a global) needs that module's specifier in quotes. A file with an escape
    that could spell a letter is always analysed. `Math.min` and a variable named `got` do not
    cost a parse."""
    if b"\\" in source and _ESCAPE.search(source):
        return True
    for first, rests in _BY_FIRST.items():
        if not (_word(source, first) if first in _GLOBAL_FIRSTS else _module(source, first)):
            continue
        if any(all(_word(source, word) for word in rest) for rest in rests):
            return True
    return False
