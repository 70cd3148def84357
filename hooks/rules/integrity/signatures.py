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
import zlib
from dataclasses import dataclass
from typing import Any

from taskgate.hooks.rules.integrity import material, text
from taskgate.hooks.task import Task

NUM_PERM = 128
PROMPT_SHINGLE = 3
CODE_SHINGLE = 5
# Documents with fewer shingles than this are too short to call anything a near-duplicate of them.
MIN_SHINGLES = 8
KINDS = ("prompt", "solution")


@functools.cache
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)


def params() -> str:
    """What stored signatures depend on (a change makes every stored one void)."""
    import datasketch

    t = _template()
    return f"datasketch={datasketch.__version__};perm={NUM_PERM};scheme={getattr(t, 'scheme', '-')};dtype={t.hashvalues.dtype.str};sh={PROMPT_SHINGLE},{CODE_SHINGLE},{MIN_SHINGLES}"


def minhash(shingles: set[str]) -> bytes:
    """The signature of a shingle set as bytes; b"" when there are too few shingles."""
    if len(shingles) < MIN_SHINGLES:
        return b""
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=t.permutations, scheme=t.scheme)
    m.update_batch([s.encode("utf-8", "surrogateescape") for s in sorted(shingles)])
    return bytes(m.hashvalues.tobytes())


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is too short)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    import numpy as np

    dtype = _template().hashvalues.dtype
    return float(np.count_nonzero(np.frombuffer(a, dtype) == np.frombuffer(b, dtype))) / NUM_PERM


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


def of_task(task: Task) -> Signature:
    return Signature(
        minhash(prompt_shingles(material.prompt_text(task))),
        minhash(solution_shingles(material.solution_tokens(task))),
    )


@functools.cache
def bands(threshold: float) -> tuple[tuple[int, int], ...]:
    """(start, end) permutation index ranges of the LSH bands for `threshold`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.3, 0.7))
    return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))


def band_keys(kind: str, signature: bytes, threshold: float) -> list[bytes]:
    """One key per band: tasks sharing a key are candidate pairs."""
    if not signature:
        return []
    width = _template().hashvalues.dtype.itemsize
    return [
        hashlib.blake2b(f"{kind}{i}".encode() + signature[start * width:end * width], digest_size=12).digest()
        for i, (start, end) in enumerate(bands(threshold))
    ]
