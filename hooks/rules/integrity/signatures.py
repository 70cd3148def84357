"""Per-task MinHash signatures and their LSH band keys (datasketch), for near-duplicate search.

Two documents per task: the prompt as shingles of three consecutive content stems (function
words dropped, so "returns the list" and "return a list" agree), and the ground truth as
shingles of five consecutive normalised code tokens (identifiers and literals abstracted, so a
renamed copy is identical). A MinHash of 128 permutations estimates the Jaccard similarity of
two shingle sets to about ±0.04; LSH splits it into bands (datasketch's optimum for the
threshold, weighted against false negatives) so that only pairs sharing a band are compared.

A signature is a pure function of the task's files (fixed permutations, below), so it is
computed beside the per-task checks, in the engine's worker processes, and cached with their
findings (`duplicates.signature_facts`). Many documents are hashed with numpy, by datasketch's
arithmetic (not by datasketch: its import pulls in scipy, 0.5 s and 40 MB per worker process); a
process that hashes a few (a one-task pre-commit run) does it in plain Python with the same
arithmetic and never imports numpy, scipy or datasketch. datasketch chooses the LSH bands.
"""

from __future__ import annotations

import array
import base64
import functools
import json
import random
import struct
import sys
import zlib
from dataclasses import dataclass
from typing import Any

from taskgate.hooks.rules.integrity import code_tokens, material, text
from taskgate.hooks.workspace.task import Task

NUM_PERM = 128
PROMPT_SHINGLE = 3
CODE_SHINGLE = 5
# Documents with fewer shingles than this are too short to call anything a near-duplicate of them.
MIN_SHINGLES = 8
KINDS = ("prompt", "solution")

# datasketch's scheme `affine32`: each shingle's CRC-32 avalanched by MurmurHash3's finalizer,
# then permuted by h -> (a * h + b) mod 2**32 with odd a. The permutations are drawn here, from
# a fixed seed, so that a signature needs neither numpy nor any stored state.
SCHEME = "affine32"
SEED = 1
_M32 = (1 << 32) - 1
_rng = random.Random(SEED)
PERMUTATIONS = ([2 * _rng.getrandbits(31) + 1 for _ in range(NUM_PERM)], [_rng.getrandbits(32) for _ in range(NUM_PERM)])
del _rng
# The plain-Python path applies all permutations at once: a and b packed into 64-bit lanes of one
# integer (a * h + b < 2**64 for 32-bit a, b, h, so no lane carries into the next).
_PACKED_A = sum(a << (64 * i) for i, a in enumerate(PERMUTATIONS[0]))
_PACKED_B = sum(b << (64 * i) for i, b in enumerate(PERMUTATIONS[1]))
_PACKED_MASK = sum(_M32 << (64 * i) for i in range(NUM_PERM))
# After this many documents in one process, hashing switches to numpy (its import pays off).
BULK_AFTER = 16
_hashed = [0]


def params() -> str:
    """What stored signatures depend on (a change makes every stored one void); no import."""
    return f"minhash={SCHEME};perm={NUM_PERM};seed={SEED};hash=crc32+fmix32;sh={PROMPT_SHINGLE},{CODE_SHINGLE},{MIN_SHINGLES};bandkey=slice;lexer={code_tokens.LEXER}"


def _fmix32(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    return h ^ (h >> 16)


@functools.cache
def _numpy() -> Any:
    """numpy and the permutations as arrays; numpy alone (about 50 ms). datasketch's package pulls
    in scipy on import (about 0.5 s and 40 MB in every worker process): the same arithmetic on
    numpy arrays gives its MinHash bit for bit (the tests compare them)."""
    import numpy as np

    return np, np.array(PERMUTATIONS[0], dtype=np.uint64), np.array(PERMUTATIONS[1], dtype=np.uint64)


def _bulk_available() -> bool:
    try:
        _numpy()
    except ImportError:
        return False
    return True


def _bulk(encoded: list[bytes]) -> bytes:
    np, a, b = _numpy()
    h = np.fromiter((zlib.crc32(e) for e in encoded), dtype=np.uint64, count=len(encoded))
    h ^= h >> np.uint64(16)  # MurmurHash3's 32-bit finalizer, in 64-bit lanes masked to 32 bits
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(_M32)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(_M32)
    h ^= h >> np.uint64(16)
    lanes = (h[:, None] * a + b) & np.uint64(_M32)  # a * h + b < 2**64: no overflow
    return bytes(lanes.min(axis=0).astype("<u4").tobytes())


def minhash(shingles: set[str], bulk: bool | None = None) -> bytes:
    """The signature of a shingle set (NUM_PERM little-endian uint32); b"" when too short.
    `bulk`: hash with numpy (None: once this process has hashed BULK_AFTER documents)."""
    if len(shingles) < MIN_SHINGLES:
        return b""
    encoded = [s.encode("utf-8", "surrogateescape") for s in sorted(shingles)]
    _hashed[0] += 1
    if bulk is None:
        bulk = _hashed[0] > BULK_AFTER and _bulk_available()
    if bulk:
        return _bulk(encoded)
    lanes = array.array("Q")
    lanes.frombytes(b"".join(((_fmix32(zlib.crc32(e)) * _PACKED_A + _PACKED_B) & _PACKED_MASK).to_bytes(8 * NUM_PERM, "little")
                             for e in encoded))
    if sys.byteorder == "big":
        lanes.byteswap()
    return struct.pack(f"<{NUM_PERM}I", *(min(lanes[i::NUM_PERM]) for i in range(NUM_PERM)))


def of_task(task: Task) -> Signature:
    return Signature(
        minhash(text.shingles(material.prompt_content(task), PROMPT_SHINGLE)),
        minhash(text.shingles(material.solution_tokens(task), CODE_SHINGLE)),
    )


class Hasher:
    """LSH band sizes for the configured thresholds: datasketch's optimum (a whole-repository pass
    computes it, importing scipy) or the sizes a complete store recorded (`from_state`)."""

    def __init__(self, bands: dict[str, tuple[int, int]]) -> None:
        self.bands = bands

    @classmethod
    def from_datasketch(cls, limits: dict[str, float]) -> Hasher:
        from datasketch import MinHashLSH

        bands = {}
        for kind, threshold in limits.items():
            try:
                lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.3, 0.7))
                bands[kind] = (lsh.b, lsh.r)
            except ValueError:
                # Its optimum for a threshold near 1 (0.99 and above) is one band, which it refuses:
                # the fewest it allows, two halves (identical signatures always share both).
                bands[kind] = (2, NUM_PERM // 2)
        return cls(bands)

    def state(self) -> str:
        return json.dumps({"bands": self.bands})

    @classmethod
    def from_state(cls, text: str | None) -> Hasher | None:
        try:
            data = json.loads(text or "")
            return cls({k: (int(v[0]), int(v[1])) for k, v in data["bands"].items()})
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def band_keys(self, kind: str, signature: bytes) -> list[bytes]:
        """One key per band: tasks sharing a key are candidate pairs. A key is the band's slice
        of the signature itself behind two bytes naming the kind and the band (as datasketch's
        LSH keys its buckets): exact, and no hashing (a blake2b per band was a fifth of a whole
        pass over 10,000 tasks)."""
        if not signature:
            return []
        count, rows = self.bands[kind]
        width = 4 * rows
        tag = KINDS.index(kind)
        return [bytes((tag, i)) + signature[i * width:(i + 1) * width] for i in range(count)]

    def keys_of(self, sig: Signature) -> list[bytes]:
        """Every band key of a task's signature, both kinds."""
        return [key for kind in KINDS for key in self.band_keys(kind, sig.of(kind))]


SIGNATURE_BYTES = 4 * NUM_PERM
# Bit 0 of every 32-bit lane of a signature read as one little-endian integer.
_LANE_LOW_BITS = int.from_bytes(b"\x01\x00\x00\x00" * NUM_PERM, "little")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is too short): the
    share of the NUM_PERM 32-bit minima that are equal.

    Counted on whole integers, not lane by lane: XOR leaves a lane zero where the minima agree,
    folding each lane's bits down onto its bit 0 (shifts of 16, 8, 4, 2, 1 never carry another
    lane's bits into bit 0) marks the lanes that differ, and one popcount counts them. The
    repository pass compares about 13 pairs per task, so this is most of a warm run at 10,000
    tasks; lane by lane it took 3 s there.
    """
    return lanes_similarity(lanes(a), lanes(b))


def lanes(signature: bytes) -> int | None:
    """A signature read as one little-endian integer (for `lanes_similarity`: a task compared
    with many is converted once); None when it is too short to compare."""
    return int.from_bytes(signature, "little") if len(signature) == SIGNATURE_BYTES else None


def lanes_similarity(a: int | None, b: int | None) -> float:
    """`similarity` of two signatures as `lanes` gives them."""
    if a is None or b is None:
        return 0.0
    diff = a ^ b
    for shift in (16, 8, 4, 2, 1):
        diff |= diff >> shift
    return (NUM_PERM - (diff & _LANE_LOW_BITS).bit_count()) / NUM_PERM


@dataclass(frozen=True)
class Signature:
    prompt: bytes
    solution: bytes

    def of(self, kind: str) -> bytes:
        return self.prompt if kind == "prompt" else self.solution

    def as_json(self) -> dict[str, str]:
        return {kind: base64.b64encode(self.of(kind)).decode("ascii") for kind in KINDS}

    @classmethod
    def from_json(cls, data: Any) -> Signature | None:
        """A signature from `as_json`; None for anything else (an old or damaged cache row)."""
        try:
            values = [base64.b64decode(data[kind], validate=True) for kind in KINDS]
        except (KeyError, TypeError, ValueError):
            return None
        return cls(*values) if all(len(v) in (0, 4 * NUM_PERM) for v in values) else None
