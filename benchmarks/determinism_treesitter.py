"""Time the tree-sitter determinism analyser per file and per language.

    python benchmarks/determinism_treesitter.py [--lines 1000] [--repeat 20]

For each language the corpus snippets (tests/determinism/corpus/<language>/) are concatenated
until the file has about `--lines` lines, then `analyse()` is timed in CPU time (`time.process_time`, so other processes on a shared machine
do not inflate it): once cold (grammar import
and parser creation included) and `--repeat` times warm (median and worst). The target: a warm
1,000-line file in under 25 ms, so a 10,000-task repository with a few code files per task is
analysed in minutes on one core. Exits 1 when a language misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "determinism" / "corpus"
TARGET_MS_PER_1000_LINES = 25.0


def build(language: str, lines: int) -> bytes:
    parts = [p.read_bytes() for p in sorted((CORPUS / language).rglob("*")) if p.is_file()]
    out, count = [], 0
    while count < lines and parts:
        for part in parts:
            out.append(part)
            count += part.count(b"\n")
            if count >= lines:
                break
    return b"\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    from taskgate.hooks.rules.determinism.treesitter.analyser import analyse

    failed = False
    print(f"{'language':<11} {'lines':>6} {'hits':>5} {'cold ms':>8} {'median ms':>10} {'max ms':>8} {'ms/1k lines':>12}")
    for language in ("javascript", "typescript", "tsx", "java", "go", "c", "cpp", "rust"):
        source = build(language, args.lines)
        n_lines = source.count(b"\n") + 1
        start = time.process_time()
        hits = analyse(source, language)
        cold = (time.process_time() - start) * 1000
        runs = []
        for _ in range(args.repeat):
            start = time.process_time()
            analyse(source, language)
            runs.append((time.process_time() - start) * 1000)
        median = statistics.median(runs)
        per_1k = median * 1000 / n_lines
        failed |= per_1k > TARGET_MS_PER_1000_LINES
        print(f"{language:<11} {n_lines:>6} {len(hits):>5} {cold:>8.1f} {median:>10.2f} {max(runs):>8.2f} {per_1k:>12.2f}")
    print(f"target: {TARGET_MS_PER_1000_LINES} ms per 1,000 lines (warm median)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
