"""Precision and recall of the determinism and Dockerfile hooks on the holdout cases.

The cases in benchmarks/accuracy/ are not used by the unit tests (those have their own corpora
under tests/), so they measure how the checks generalise. Batch 1 (`det/`, `docker/`) was written
before the fixes it exercises; batches 2 and 3 (`det2/`, `docker2/`, `det3/`, `docker3/`) later,
each measured once before any further change. Each file states its expected findings as `expect: CODE@LINE ...` (or
`none`) in its first comment line (the second after a `#!`).

Determinism cases run through the whole hook (vendored-code detection, waivers, dispatch) as
`tests/<name>` of a throw-away task; notes (severity `note`) are not findings and are left out.
A found (code, line) that is expected is a true positive, one that is not is a false positive,
an expected one not found is a false negative.

    python benchmarks/accuracy_eval.py [-v]
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent / "accuracy"
EXPECT = re.compile(r"expect:\s*(.*)$")


def expected(text: str) -> Counter[tuple[str, int]]:
    lines = text.split("\n", 2)
    first = lines[1] if lines[0].startswith("#!") and len(lines) > 1 else lines[0]
    match = EXPECT.search(first)
    if match is None:
        raise SystemExit(f"no `expect:` line in {first!r}")
    body = match.group(1).strip()
    return Counter() if body == "none" else Counter((c, int(n)) for c, n in re.findall(r"([A-Z]{3}\d{3})@(\d+)", body))


def determinism_cases(folder: str) -> list[tuple[str, Counter[tuple[str, int]], Counter[tuple[str, int]]]]:
    from taskgate.hooks.core import engine, registry
    from taskgate.hooks.workspace.repo import Repo

    out = []
    for path in sorted(p for p in (HERE / folder).rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "taskgate.yaml").write_text("schema_version: 1\n")
            target = root / "tasks" / "t1" / "tests" / path.name
            target.parent.mkdir(parents=True)
            target.write_bytes(path.read_bytes())
            report = engine.run(Repo(root), hooks=("determinism",), cache=False)
            got = Counter((f.code, f.line) for f in report.findings if registry.get(f.code).severity != "note")
        out.append((str(path.relative_to(HERE)), expected(text), got))
    return out


def dockerfile_cases(folder: str) -> list[tuple[str, Counter[tuple[str, int]], Counter[tuple[str, int]]]]:
    from taskgate.hooks.rules.dockerfile.reading.context import BuildContext
    from taskgate.hooks.rules.dockerfile.hook import analyse
    from taskgate.hooks.workspace.listing import walk_files

    out = []
    for path in sorted((HERE / folder).glob("*.Dockerfile")):
        text = path.read_text(encoding="utf-8")
        directory = path.with_suffix(".context")
        context = BuildContext(frozenset(walk_files(directory)), lambda rel, d=directory: (d / rel).read_text(encoding="utf-8")) if directory.is_dir() else BuildContext()
        got = Counter((r.code, r.line) for r in analyse(text, context))
        out.append((str(path.relative_to(HERE)), expected(text), got))
    return out


def score(name: str, cases: list[tuple[str, Counter[tuple[str, int]], Counter[tuple[str, int]]]], verbose: bool) -> None:
    tp = fp = fn = 0
    for case, want, got in cases:
        hit = sum((want & got).values())
        tp, fp, fn = tp + hit, fp + sum((got - want).values()), fn + sum((want - got).values())
        if verbose and want != got:
            print(f"  {case}: missing {sorted((want - got).elements())} extra {sorted((got - want).elements())}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    clean = sum(1 for _, want, got in cases if not want and not got)
    good = sum(1 for _, want, _ in cases if not want)
    print(f"{name}: {len(cases)} files, {tp} true positives, {fp} false positives, {fn} false negatives; "
          f"precision {precision:.2f}, recall {recall:.2f}; clean files without a finding {clean}/{good}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    # Batch 1 (det/, docker/) was written before the fixes and used to check them while they were
    # built; batches 2 and 3 were written later, each measured once before any further change.
    for label, det, docker in (("batch 1", "det", "docker"), ("batch 2", "det2", "docker2"), ("batch 3", "det3", "docker3")):
        score(f"{label} determinism", determinism_cases(det), verbose)
        score(f"{label} dockerfile", dockerfile_cases(docker), verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
