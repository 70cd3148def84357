"""Per-task MinHash signatures and their LSH band keys (datasketch), for near-duplicate search.

Two documents per task: the prompt as shingles of three consecutive content stems (function
words dropped, so "returns the list" and "return a list" agree), and the ground truth as
shingles of five consecutive normalised code tokens (identifiers and literals abstracted, so a
renamed copy is identical). A MinHash of 128 permutations estimates the Jaccard similarity of
two shingle sets to about ±0.04; LSH splits it into bands (datasketch's optimum for the
threshold, weighted against false negatives) so that only pairs sharing a band are compared.
"""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from taskgate.hooks.rules.integrity import material, text
from taskgate.hooks.workspace.task import Task

NUM_PERM = 128
PROMPT_SHINGLE = 3
CODE_SHINGLE = 5
# Documents with fewer shingles than this are too short to call anything a near-duplicate of them.
MIN_SHINGLES = 8
KINDS = ("prompt", "solution")


_MASK64 = (1 << 64) - 1
_PRIME = (1 << 61) - 1  # datasketch's Mersenne prime
_MAX_HASH = (1 << 32) - 1
SCHEME = "legacy"  # (a * h + b) mod 2**64 mod prime, 32 bits kept: simple enough to compute without numpy


@functools.cache
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME)


def params() -> str:
    """What stored signatures depend on (a change makes every stored one void); no import."""
    return f"minhash={SCHEME};perm={NUM_PERM};seed=1;hash=crc32;sh={PROMPT_SHINGLE},{CODE_SHINGLE},{MIN_SHINGLES}"


class Hasher:
    """MinHash signatures (datasketch's, scheme `legacy`, seed 1) and LSH bands.

    A whole-repository pass builds it from datasketch (`bulk`: numpy over many shingles at once,
    LSH band sizes from datasketch's optimum for the thresholds) and stores its parameters; a
    one-task run rebuilds it from those (`from_state`) and hashes its few documents in plain
    Python with the same arithmetic, so it never imports numpy, scipy or datasketch (about a
    second of start-up). tests/hooks/rules/integrity check that both give identical signatures.
    """

    def __init__(self, a: list[int], b: list[int], bands: dict[str, tuple[int, int]], bulk: bool) -> None:
        self.a, self.b, self.bands, self.bulk = a, b, bands, bulk

    @classmethod
    def from_datasketch(cls, limits: dict[str, float]) -> Hasher:
        from datasketch import MinHashLSH

        a, b = _template().permutations
        bands = {}
        for kind, threshold in limits.items():
            lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.3, 0.7))
            bands[kind] = (lsh.b, lsh.r)
        return cls([int(x) for x in a], [int(x) for x in b], bands, bulk=True)

    def state(self) -> str:
        return json.dumps({"a": self.a, "b": self.b, "bands": self.bands})

    @classmethod
    def from_state(cls, text: str | None) -> Hasher | None:
        try:
            data = json.loads(text or "")
            bands = {k: (int(v[0]), int(v[1])) for k, v in data["bands"].items()}
            return cls([int(x) for x in data["a"]], [int(x) for x in data["b"]], bands, bulk=False)
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def minhash(self, shingles: set[str]) -> bytes:
        """The signature of a shingle set (NUM_PERM little-endian uint64); b"" when too short."""
        if len(shingles) < MIN_SHINGLES:
            return b""
        encoded = [s.encode("utf-8", "surrogateescape") for s in sorted(shingles)]
        if self.bulk:
            from datasketch import MinHash

            t = _template()
            m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=t.permutations, scheme=SCHEME)
            m.update_batch(encoded)
            return bytes(m.hashvalues.astype("<u8").tobytes())
        hashes = [zlib.crc32(e) for e in encoded]
        values = [min((((a * h + b) & _MASK64) % _PRIME) & _MAX_HASH for h in hashes) for a, b in zip(self.a, self.b)]
        return struct.pack(f"<{NUM_PERM}Q", *values)

    def of_task(self, task: Task) -> Signature:
        return Signature(
            self.minhash(prompt_shingles(material.prompt_text(task))),
            self.minhash(solution_shingles(material.solution_tokens(task))),
        )

    def band_keys(self, kind: str, signature: bytes) -> list[bytes]:
        """One key per band: tasks sharing a key are candidate pairs."""
        if not signature:
            return []
        count, rows = self.bands[kind]
        return [
            hashlib.blake2b(f"{kind}{i}".encode() + signature[i * rows * 8:(i + 1) * rows * 8], digest_size=12).digest()
            for i in range(count)
        ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is too short)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    left, right = struct.unpack(f"<{NUM_PERM}Q", a), struct.unpack(f"<{NUM_PERM}Q", b)
    return sum(x == y for x, y in zip(left, right)) / NUM_PERM


def prompt_shingles(prompt: str) -> set[str]:
    return text.shingles(text.content(prompt), PROMPT_SHINGLE)


def solution_shingles(tokens: list[str]) -> set[str]:
    return text.shingles(tokens, CODE_SHINGLE)


@dataclass(frozen=True)
class Signature:
    prompt: bytes
    solution: bytes

    def of(self, kind: str) -> bytes:
        return self.prompt if kind == "prompt" else self.solution
