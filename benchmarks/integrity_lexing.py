"""What lexing costs the integrity family (issue 17/18), per language, in process.

    python -m benchmarks.integrity_lexing --tasks 1000 --runs 3

Generates the benchmark dataset (`benchmarks/generate.py`), reads every task's prompt and ground
truth once, then times what INT001–INT003 lex of them (`code_tokens.markdown_code_tokens` of the
prompt as the task's language, prose included, and `code_tokens.names_for` of each ground-truth
file), per task language: CPU seconds (best of the runs), tokens, and microseconds per token.

Writes benchmarks/out/integrity-lexing.json.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.generate import generate

OUT = Path(__file__).resolve().parent / "out"


def _documents(root: Path) -> dict[str, list[tuple[str, str, list[tuple[str, str]]]]]:
    """language -> [(default suffix, prompt, [(suffix, ground-truth file text)])]"""
    from taskgate.hooks.rules.integrity import material
    from taskgate.hooks.workspace.repo import Repo

    repo = Repo(root)
    out: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = defaultdict(list)
    for task_id in repo.task_ids:
        task = repo.task(task_id)
        files = [(posixpath.splitext(rel)[1], text) for rel, text in material.solution_files(task)]
        out[task.language or "python"].append((material.default_suffix(task), material.prompt_text(task), files))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from taskgate.hooks.rules.integrity.code_tokens import (
        markdown_code_tokens,
        names_for,
    )

    with tempfile.TemporaryDirectory(prefix="taskgate-lexing-") as tmp:
        generate(Path(tmp) / "data", args.tasks)
        documents = _documents(Path(tmp) / "data")
    result: dict[str, object] = {"tasks": args.tasks, "runs": args.runs}
    for language, items in sorted(documents.items()):
        best, tokens = float("inf"), 0
        for _ in range(args.runs):
            start, tokens = time.process_time(), 0
            for suffix, prompt, files in items:
                tokens += len(markdown_code_tokens(prompt, suffix))
                tokens += sum(len(names_for(text, file_suffix)) for file_suffix, text in files)
            best = min(best, time.process_time() - start)
        result[language] = {"tasks": len(items), "cpu_s": round(best, 3), "tokens": tokens,
                            "us_per_token": round(best / max(tokens, 1) * 1e6, 3)}
    OUT.mkdir(exist_ok=True)
    (OUT / "integrity-lexing.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
