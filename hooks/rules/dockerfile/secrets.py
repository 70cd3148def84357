"""Secrets baked into the image through ENV or a build ARG used by RUN (DKR013).

A name is secret-like when one of its words (split at `_` and `-`) is TOKEN, SECRET, PASSWORD,
PASSWD, PWORD, APIKEY, CREDENTIAL(S), or a pair API/ACCESS/PRIVATE/SECRET/AUTH + KEY; not when it
names where a secret is (`*_FILE`, `*_PATH`, `*_DIR`, `*_URL`, `*_NAME`) or says PUBLIC. A value
is a secret by shape whatever its name (GitHub, OpenAI, Anthropic, Hugging Face, AWS, Slack
tokens, PEM private keys). Empty values and obvious placeholders are not secrets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.parse import (
    Dockerfile,
    Violation,
    Instruction,
    arg_pairs,
)
from taskgate.hooks.rules.dockerfile.rules import BAKED_SECRET
from taskgate.hooks.rules.dockerfile.reading.shell import Run

_SECRET_WORDS = frozenset({"TOKEN", "SECRET", "SECRETS", "PASSWORD", "PASSWD", "PWORD", "APIKEY", "CREDENTIAL", "CREDENTIALS", "PASSPHRASE"})
_KEY_QUALIFIERS = frozenset({"API", "ACCESS", "PRIVATE", "SECRET", "AUTH", "SIGNING", "ENCRYPTION", "CLIENT"})
# Last words that make the variable a setting about a secret, not the secret.
_LOCATORS = frozenset({
    "FILE", "PATH", "DIR", "URL", "URI", "NAME", "ENDPOINT", "HOST", "PORT", "ID", "TYPE", "LENGTH", "LEN", "SIZE",
    "BITS", "ENABLED", "DISABLED", "REQUIRED", "HEADER", "PROVIDER", "LIMIT", "MAX", "MIN", "COUNT", "TTL",
    "TIMEOUT", "EXPIRY", "EXPIRES", "EXPIRATION", "ALGORITHM", "ALG", "PREFIX", "ROTATION", "MODE", "VERSION",
})
_VALUE_SHAPES = re.compile(
    r"gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{40,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}"
    r"|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abposr]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
)
_PLACEHOLDER = re.compile(r"^(dummy|fake|test|testing|example|changeme|change-me|placeholder|none|null|nil|unset|todo|secret|password|token|x+|\*+|<[^>]*>|your[-_ ].*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|true|false|yes|no|on|off|[\d.]+)$", re.IGNORECASE)


def secret_name(name: str) -> bool:
    words = [w for w in re.split(r"[_\-]", name.upper()) if w]
    if not words or "PUBLIC" in words or words[-1] in _LOCATORS:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(w == "KEY" and i > 0 and words[i - 1] in _KEY_QUALIFIERS for i, w in enumerate(words))


def _secret_value(value: str | None) -> bool:
    return value is not None and _VALUE_SHAPES.search(value) is not None


def _real(value: str | None) -> bool:
    return value is not None and value.strip() != "" and _PLACEHOLDER.match(value.strip()) is None


def check(df: Dockerfile, runs: list[Run]) -> Iterator[Violation]:
    """Per stage: ENV of secrets (literal, or copied from an ARG), and secret ARGs used by RUN."""
    for stage in df.stages:
        args: dict[str, Instruction] = {}
        for ins in stage.instructions:
            if ins.cmd == "ARG":
                for name, default in arg_pairs(ins.args, {}, df.escape, df.meta_args):
                    if secret_name(name) or _secret_value(default):
                        args[name] = ins
                        if _real(default) and (secret_name(name) or _secret_value(default)):
                            yield Violation(BAKED_SECRET, ins, f"ARG {name} has a secret default, which is stored in the image history; pass it with `RUN --mount=type=secret,id={name.lower()}` instead", name)
            elif ins.cmd == "ENV":
                yield from _env(ins, args)
            elif ins.cmd == "RUN":
                used = sorted(name for name in args if re.search(rf"\$\{{?{re.escape(name)}\b", ins.original + "".join(h.content for h in ins.heredocs)))
                for name in used:
                    yield Violation(BAKED_SECRET, args[name], f"ARG {name} (a secret) is used by the RUN on line {ins.line}, so its value is recorded in the image history; use `RUN --mount=type=secret,id={name.lower()}` and `docker build --secret id={name.lower()},env={name}`", name)


def _env(ins: Instruction, args: dict[str, Instruction]) -> Iterator[Violation]:
    for key, raw in zip(ins.args[::2], ins.args[1::2], strict=False):
        source = re.fullmatch(r"[\"']?\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}?[\"']?", raw.strip())
        if source and source.group(1) in args:
            yield Violation(BAKED_SECRET, ins, f"ENV {key} copies the secret build arg {source.group(1)} (line {args[source.group(1)].line}) into the image configuration, where anyone with the image reads it; mount it as a secret in the RUN that needs it instead", key)
        elif (secret_name(key) and _real(raw.strip().strip("\"'"))) or _secret_value(raw):
            yield Violation(BAKED_SECRET, ins, f"ENV {key} stores a secret in the image configuration, where anyone with the image reads it; mount it as a secret in the RUN that needs it (`RUN --mount=type=secret,id=...`) instead", key)
