"""Time the Python determinism analyser and the idiomatic hook's ruff batches on many tasks.

    python benchmarks/determinism_python.py [--tasks 10000] [--tasks-dir DIR]

Without `--tasks-dir`, the Python files of examples/dataset/tasks/ are replicated `--tasks` times
(each copy made unique by a comment, one in twenty given a clock read), which is what the
analyser sees of a 10,000-task repository; with it, the `solution/`, `tests/` and `subject/`
Python files of an existing repository's tasks are used (e.g. one written by
`benchmarks/generate.py`). Reported in CPU time (`time.process_time`, ruff's children included
through `RUSAGE_CHILDREN`), so other processes on a shared machine do not inflate it:

- the determinism analysis with its textual shortcut (what the hook runs), and without it on a
  sample (the cost the shortcut avoids), extrapolated to all files;
- the idiomatic hook's ruff runs over every task's `solution/` in repository order, batched as
  the hook batches them.

Targets for 10,000 tasks: determinism under 3 s, idiomatic under 8 s of CPU. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "dataset" / "tasks"
CODE_DIRS = ("solution", "tests", "subject")
TARGET_DETERMINISM_S = 3.0
TARGET_IDIOMATIC_S = 8.0


def synthetic(tasks: int, dest: Path) -> None:
    """`tasks` task directories, each a copy of one example task's Python code (in turn)."""
    examples = [t for t in sorted(EXAMPLES.iterdir()) if any(t.rglob("*.py"))]
    for i in range(tasks):
        example = examples[i % len(examples)]
        for path in sorted(example.rglob("*.py")):
            rel = path.relative_to(example)
            if rel.parts[0] not in CODE_DIRS:
                continue
            text = f"# task {i}\n" + path.read_text()
            if i % 20 == 0 and rel.parts[0] == "solution":
                text += "\n\ndef _started():\n    import time\n    return time.time()\n"
            target = dest / f"t{i:05d}-{example.name}" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--tasks-dir", type=Path, help="a directory of task directories to read instead")
    args = parser.parse_args(argv)
    from taskgate.hooks.rules.determinism.python import analyser as dp
    from taskgate.hooks.rules.idiomatic.hook import ALWAYS_IGNORED, SELECT
    from taskgate.hooks.rules.idiomatic.ruff_runner import RuffBatch

    with tempfile.TemporaryDirectory() as scratch:
        tasks_dir = args.tasks_dir
        if tasks_dir is None:
            tasks_dir = Path(scratch) / "tasks"
            synthetic(args.tasks, tasks_dir)
        task_dirs = sorted(p for p in tasks_dir.iterdir() if p.is_dir())
        files = [p for t in task_dirs for d in CODE_DIRS for p in sorted((t / d).rglob("*.py"))]
        sources = [p.read_bytes() for p in files]
        size_mb = sum(map(len, sources)) / 1e6

        start = time.process_time()
        hits = sum(len(dp.analyse(source)) for source in sources)
        with_shortcut = time.process_time() - start
        sample = sources[:: max(1, len(sources) // 500)]
        start = time.process_time()
        for source in sample:
            dp._run(source, None, shortcut=False)
        without = (time.process_time() - start) * len(sources) / max(1, len(sample))

        settings = {"select": SELECT, "ignore": ALWAYS_IGNORED, "max_complexity": 10, "target_version": "py313"}
        batch = RuffBatch(str(tasks_dir.parent), tasks_dir.name, settings)
        runs = 0
        real = batch._run_one

        def counting(paths: list[str]) -> None:
            nonlocal runs
            runs += 1
            real(paths)

        batch._run_one = counting  # type: ignore[method-assign]
        start, start_children = time.process_time(), children_cpu()
        findings = 0
        for task in task_dirs:
            solution = sorted(str(p.relative_to(task)) for p in (task / "solution").rglob("*.py"))
            if solution:
                results, error = batch.lint(_TaskStub(task), solution)
                findings += sum(len(v) for v in results.values())
        idiomatic = time.process_time() - start + children_cpu() - start_children

    print(f"{len(task_dirs)} tasks, {len(files)} Python files, {size_mb:.1f} MB")
    print(f"determinism: {with_shortcut:.2f} s CPU with the shortcut ({hits} findings); "
          f"about {without:.1f} s CPU without it (estimated from {len(sample)} files)")
    print(f"idiomatic:   {idiomatic:.2f} s CPU in {runs} ruff runs ({findings} ruff findings)")
    scale = 10_000 / max(1, len(task_dirs))
    missed = with_shortcut * scale > TARGET_DETERMINISM_S or idiomatic * scale > TARGET_IDIOMATIC_S
    print(f"targets per 10,000 tasks: determinism < {TARGET_DETERMINISM_S} s, idiomatic < {TARGET_IDIOMATIC_S} s"
          f" -> {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


class _TaskStub:
    """The two attributes of a Task that RuffBatch.lint uses."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.id = directory.name


if __name__ == "__main__":
    sys.exit(main())
