"""How well the near-duplicate signatures (INT001) estimate similarity and find pairs (issue 17).

    python -m benchmarks.integrity_recall --tasks 400

For the tasks of the benchmark dataset (`benchmarks/generate.py`: renamed and reworded variations
of the example tasks, so pairs range from distinct to identical up to renaming) plus the
integrity corpus (its reworded duplicate with renamed identifiers included), every pair of
prompts and of ground truths is scored three ways: the exact Jaccard similarity of the shingle
sets, the estimate of the signatures taskgate uses (`signatures.minhash`: scheme `affine32`), and
the estimate of datasketch's `legacy` scheme that taskgate used before (same number of
permutations). Reported per scheme: the mean and worst absolute error of the estimate, and the
recall at each default threshold (of the pairs whose exact similarity reaches it, the share the
estimate also puts over it, and the share LSH makes candidates: they share a band).

Writes benchmarks/out/integrity-recall.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import tempfile
import zlib
from pathlib import Path

from benchmarks.generate import generate

OUT = Path(__file__).resolve().parent / "out"


def _documents(root: Path) -> list[tuple[set[str], set[str]]]:
    from taskgate.hooks.rules.integrity import material, signatures, text
    from taskgate.hooks.workspace.repo import Repo

    repo = Repo(root)
    out = []
    for task_id in repo.task_ids:
        task = repo.task(task_id)
        out.append((text.shingles(material.prompt_content(task), signatures.PROMPT_SHINGLE),
                    text.shingles(material.solution_tokens(task), signatures.CODE_SHINGLE)))
    return out


def _legacy(shingles: set[str]) -> bytes:
    from datasketch import MinHash

    from taskgate.hooks.rules.integrity import signatures

    m = MinHash(num_perm=signatures.NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme="legacy")
    m.update_batch([s.encode("utf-8", "surrogateescape") for s in sorted(shingles)])
    return bytes(m.hashvalues.astype("<u4").tobytes())  # legacy values are 32-bit


def _synthetic() -> dict[str, object]:
    """Pairs of 200-shingle sets with a known Jaccard similarity (0.5 to 0.9), 100 per value:
    each scheme's estimation error where the thresholds are."""
    import random

    from taskgate.hooks.rules.integrity import signatures

    rng = random.Random(17)
    out: dict[str, object] = {}
    for target in (0.5, 0.6, 0.7, 0.8, 0.9):
        errors: dict[str, list[float]] = {"affine32": [], "legacy": []}
        for pair in range(100):
            shared = round(400 * target / (1 + target))  # |A & B| for |A| = |B| = 200
            common = {f"c{pair} {i} {rng.random()}" for i in range(shared)}
            a = common | {f"a{pair} {i}" for i in range(200 - shared)}
            b = common | {f"b{pair} {i}" for i in range(200 - shared)}
            exact = len(a & b) / len(a | b)
            errors["affine32"].append(abs(signatures.similarity(signatures.minhash(a, bulk=True), signatures.minhash(b, bulk=True)) - exact))
            errors["legacy"].append(abs(signatures.similarity(_legacy(a), _legacy(b)) - exact))
        out[str(target)] = {name: {"mean_abs_error": round(statistics.mean(e), 4), "p95_abs_error": round(sorted(e)[94], 4)}
                            for name, e in errors.items()}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=400)
    args = parser.parse_args()
    from taskgate.hooks.rules.integrity import duplicates, signatures
    from tests.hooks.rules.integrity import corpus

    with tempfile.TemporaryDirectory(prefix="taskgate-recall-") as tmp:
        generate(Path(tmp) / "data", args.tasks)
        docs = _documents(Path(tmp) / "data")
        (Path(tmp) / "corpus").mkdir()
        corpus.repo(Path(tmp) / "corpus", *corpus.TASKS)
        docs += _documents(Path(tmp) / "corpus")
    hasher = signatures.Hasher.from_datasketch(duplicates.DEFAULTS)
    result: dict[str, object] = {"tasks": len(docs), "permutations": signatures.NUM_PERM, "bands": hasher.bands}
    for index, kind in enumerate(signatures.KINDS):
        sets = [d[index] for d in docs if len(d[index]) >= signatures.MIN_SHINGLES]
        schemes = {"affine32": [signatures.minhash(s, bulk=True) for s in sets], "legacy": [_legacy(s) for s in sets]}
        threshold = duplicates.DEFAULTS[kind]
        exact = {(i, j): len(sets[i] & sets[j]) / len(sets[i] | sets[j]) for i, j in itertools.combinations(range(len(sets)), 2)}
        over = [pair for pair, value in exact.items() if value >= threshold]
        near = [pair for pair, value in exact.items() if abs(value - threshold) <= 0.15]
        kind_result: dict[str, object] = {"documents": len(sets), "pairs": len(exact), "pairs_over_threshold": len(over)}
        for name, sigs in schemes.items():
            keys = [set(hasher.band_keys(kind, s)) for s in sigs]
            errors = [abs(signatures.similarity(sigs[i], sigs[j]) - exact[(i, j)]) for i, j in near or exact]
            kind_result[name] = {
                "mean_abs_error_near_threshold": round(statistics.mean(errors), 4) if errors else None,
                "max_abs_error_near_threshold": round(max(errors), 4) if errors else None,
                "estimate_recall": round(sum(signatures.similarity(sigs[i], sigs[j]) >= threshold for i, j in over) / len(over), 4) if over else None,
                "lsh_recall": round(sum(bool(keys[i] & keys[j]) for i, j in over) / len(over), 4) if over else None,
            }
        result[kind] = kind_result
    result["synthetic"] = _synthetic()
    OUT.mkdir(exist_ok=True)
    (OUT / "integrity-recall.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
