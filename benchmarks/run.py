"""Measure taskgate over synthetic datasets of N tasks and write the table (docs/performance.md).

    python -m benchmarks.run --sizes 1000,10000

For each size: generates the dataset once (benchmarks/data/, reused while the generator is
unchanged), then measures wall time, CPU time and peak memory (median, min, max of --runs) of:

  cold        `taskgate check --stage commit`, result cache removed before each run
  warm        the same with nothing changed
  touched     the same after one task's solution file was edited
  hook        each `taskgate-hook HOOK FILES...` process for the files of one edited task
  commit      `pre-commit run` with every per-concern taskgate hook, for a commit editing one task
  commit-umbrella   the same with the single `taskgate` hook instead
  commit-baseline   the same with one no-op hook: what pre-commit itself costs
  all-files   `pre-commit run --all-files` with every per-concern hook (cache warm, then cold)
  all-files-umbrella   the same with the single `taskgate` hook, cache warm
  families    `taskgate check --no-cache --jobs 1 --hook HOOK` for each hook: where a cold
              check's CPU time goes (each includes start-up and listing, about 0.3 s)
  pipeline    check-jsonschema on every task.yaml + hadolint on every Dockerfile + ruff with a
              banned-API list on every Python file, the pipeline a team would assemble
  findings-twin  scenario 1 on the clean twin of the findings-present dataset: the same tasks
              made ready with current calibration records, no clock reads (no findings)
  findings    scenario 1 on the findings-present variant of the dataset (`--findings`, default
              0.2: a share of tasks with stale calibration records, half as many reading the
              clock: issue 18); its ratio to `findings-twin` is the cost of the findings
  findings-all-files   `pre-commit run --all-files` with the one `taskgate` hook on that variant,
              cache removed before the run, then warm (every finding must print once)
  report      `taskgate report` (HTML) after a warm check: first (it checks at the merge stage
              and computes each task's facts), then again (from the cache); `report-load` opens
              the page in headless Chromium (when installed) and times until it is loaded
  export      `taskgate export`, the same way

The OS page cache is warm in every scenario (the data were just written or read). Output:
benchmarks/out/results.json and benchmarks/out/table.md, and the table on stdout.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks import generate, pipeline
from benchmarks.measure import Stats, machine, measure

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCENARIOS = ("cold", "warm", "touched", "hook", "commit", "commit-umbrella", "commit-baseline", "all-files", "all-files-umbrella", "all-files-cold",
             "families", "pipeline", "findings-twin", "findings", "findings-all-files", "report", "export")
UMBRELLA = "taskgate"  # the hook id that runs every check in one process
NOOP_CONFIG = "repos:\n  - repo: local\n    hooks:\n      - id: noop\n        name: noop\n        entry: 'true'\n        language: system\n"
SLOW = {"cold", "all-files-cold", "families", "pipeline", "findings-twin", "findings", "findings-all-files"}


def bin_path(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"benchmarks: {name} is not installed (pip install -e '.[dev]' and the benchmark tools)")
    return found


def hooks_manifest(umbrella: bool = False) -> list[dict[str, Any]]:
    """The per-concern hooks of .pre-commit-hooks.yaml, or (`umbrella`) only the all-in-one hook."""
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return [h for h in hooks if (h["id"] == UMBRELLA) == umbrella]


def precommit_config(umbrella: bool = False) -> str:
    """The hooks as local hooks running this checkout's installed console scripts."""
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook in hooks_manifest(umbrella):
        command, _, args = hook["entry"].partition(" ")
        lines += [
            f"      - id: {hook['id']}",
            f"        name: {json.dumps(hook['name'])}",
            f"        entry: {bin_path(command)} {args}",
            "        language: system",
            f"        files: {json.dumps(hook.get('files', ''))}",
            f"        require_serial: {str(bool(hook.get('require_serial', False))).lower()}",
        ]
        if "pass_filenames" in hook:
            lines.append(f"        pass_filenames: {str(bool(hook['pass_filenames'])).lower()}")
    return "\n".join(lines) + "\n"


def prepare(size: int, data_dir: Path, seed: int, findings: float = 0.0, stale: bool = True) -> Path:
    dest = data_dir / (f"tasks-{size}" if not findings else f"tasks-{size}-findings-{findings:g}{'' if stale else '-fresh'}")
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes() + f"{size}:{seed}:{findings}:{stale}".encode()).hexdigest()
    stamp_file = dest / ".git" / "taskgate-bench-stamp"
    if not (stamp_file.exists() and stamp_file.read_text() == stamp):
        print(f"benchmarks: generating {size} tasks in {dest}", file=sys.stderr)
        generate.generate(dest, size, seed, findings, stale)
        stamp_file.write_text(stamp)
    changed = False
    configs = {".pre-commit-config.yaml": precommit_config(False), ".pre-commit-umbrella.yaml": precommit_config(True), ".pre-commit-noop.yaml": NOOP_CONFIG}
    for name, wanted in configs.items():
        config = dest / name
        if not config.exists() or config.read_text() != wanted:
            config.write_text(wanted)
            generate.git(dest, "add", name)
            changed = True
    if changed:
        generate.git(dest, "commit", "-q", "-m", "pre-commit configs for the benchmark")
    return dest


class Edits:
    """Edits to one task's solution, restored with git afterwards."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        task_dirs = sorted(p for p in (repo / "tasks").iterdir() if p.is_dir())
        python = [t for t in task_dirs if any(t.glob("solution/*.py"))]
        self.task = python[len(python) // 2]
        self.file = sorted(self.task.glob("solution/*.py"))[0]
        self.original = self.file.read_bytes()

    def edit(self, i: int, *, stage: bool = False) -> None:
        self.file.write_bytes(self.original + f"\n\n# benchmark edit {i}\n".encode())
        if stage:
            generate.git(self.repo, "add", str(self.file.relative_to(self.repo)))

    def restore(self) -> None:
        generate.git(self.repo, "reset", "-q")
        generate.git(self.repo, "checkout", "-q", "--", str(self.task.relative_to(self.repo)))

    def files(self, pattern: str) -> list[str]:
        rels = sorted(p.relative_to(self.repo).as_posix() for p in self.task.rglob("*") if p.is_file())
        return [r for r in rels if re.search(pattern, r)]


def run_size(size: int, args: argparse.Namespace, scenarios: list[str]) -> dict[str, Any]:
    repo = prepare(size, args.data_dir, args.seed)
    cache = args.out_dir / f"cache-{size}"
    # As installed: bytecode compiled once (pip does it for a wheel), not recompiled by every
    # process because the caller's shell set PYTHONDONTWRITEBYTECODE.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TASKGATE_", "PRE_COMMIT")) and k != "PYTHONDONTWRITEBYTECODE"}
    compile_installed()
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        TASKGATE_CACHE_DIR=str(cache),
        PRE_COMMIT_HOME=str(args.out_dir / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
    )
    check = [bin_path("taskgate"), "check", "--stage", "commit"]
    precommit = [bin_path("pre-commit"), "run"]
    umbrella = [*precommit, "--config", ".pre-commit-umbrella.yaml"]
    edits = Edits(repo)
    results: dict[str, Any] = {}

    def runs(name: str) -> int:
        return args.slow_runs if name in SLOW else args.runs

    def clear_cache(_i: int = 0) -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def warm_up() -> None:
        measure(check, runs=1, cwd=repo, env=env)

    def record(name: str, stats: Stats, **extra: Any) -> None:
        results[name] = {**stats.as_dict(), **extra}
        print(f"  {size:>6} {name:<15} {stats.median('wall_s'):7.2f} s  cpu {stats.median('cpu_s'):6.2f} s  {stats.median('peak_mb'):6.0f} MB", file=sys.stderr)

    for name in scenarios:
        if name == "cold":
            record(name, measure(check, runs=runs(name), cwd=repo, env=env, before_each=clear_cache))
        elif name == "warm":
            warm_up()
            record(name, measure(check, runs=runs(name), cwd=repo, env=env))
        elif name == "touched":
            warm_up()
            try:
                record(name, measure(check, runs=runs(name), cwd=repo, env=env, before_each=edits.edit))
            finally:
                edits.restore()
        elif name == "hook":
            warm_up()
            per_hook: dict[str, Stats] = {}
            try:
                for hook in hooks_manifest():
                    files = edits.files(hook.get("files", "")) if hook.get("pass_filenames", True) else []
                    if not files and hook.get("pass_filenames", True):
                        continue
                    argv = [bin_path("taskgate-hook"), *hook["entry"].split()[1:], *files]
                    per_hook[hook["id"]] = measure(argv, runs=runs(name), cwd=repo, env=env, before_each=edits.edit)
            finally:
                edits.restore()
            slowest = max(per_hook, key=lambda h: per_hook[h].median("wall_s"))
            total = sum(s.median("wall_s") for s in per_hook.values())
            record(name, per_hook[slowest], slowest_hook=slowest, sum_of_medians_s=total,
                   per_hook={h: s.as_dict() for h, s in per_hook.items()})
        elif name == "commit":
            warm_up()
            try:
                record(name, measure(precommit, runs=runs(name), cwd=repo, env=env, before_each=lambda i: edits.edit(i, stage=True)))
            finally:
                edits.restore()
        elif name in ("commit-umbrella", "commit-baseline"):
            warm_up()
            argv = umbrella if name == "commit-umbrella" else [*precommit, "--config", ".pre-commit-noop.yaml"]
            try:
                record(name, measure(argv, runs=runs(name), cwd=repo, env=env, before_each=lambda i: edits.edit(i, stage=True)))
            finally:
                edits.restore()
        elif name in ("all-files", "all-files-umbrella"):
            argv = [*(precommit if name == "all-files" else umbrella), "--all-files"]
            measure(argv, runs=1, cwd=repo, env=env)  # fill the cache for every hook
            record(name, measure(argv, runs=runs(name), cwd=repo, env=env))
        elif name == "all-files-cold":
            record(name, measure([*precommit, "--all-files"], runs=runs(name), cwd=repo, env=env, before_each=clear_cache))
        elif name == "families":
            from taskgate.hooks.core import registry

            per_hook = {h: measure([*check, "--no-cache", "--jobs", "1", "--hook", h], runs=runs(name), cwd=repo, env=env) for h in registry.STATIC_HOOKS}
            results[name] = {h: s.as_dict() for h, s in per_hook.items()}
            print(f"  {size:>6} families        " + ", ".join(f"{h} {s.median('cpu_s'):.2f}" for h, s in per_hook.items()) + " (CPU s)", file=sys.stderr)
        elif name == "findings-twin":
            twin = prepare(size, args.data_dir, args.seed, args.findings, stale=False)
            record(name, measure(check, runs=runs(name), cwd=twin, env=env, before_each=clear_cache))
        elif name in ("findings", "findings-all-files"):
            variant = prepare(size, args.data_dir, args.seed, args.findings)
            argv = check if name == "findings" else [*umbrella, "--all-files"]
            stats = measure(argv, runs=runs(name), cwd=variant, env=env, before_each=clear_cache)
            record(name, stats, tasks_with_findings_share=args.findings)
            if name == "findings-all-files":
                record(name + "-warm", measure(argv, runs=args.runs, cwd=variant, env=env))
                warm = measure(check, runs=args.runs, cwd=variant, env=env)
                record("findings-warm", warm)
                noop = [*precommit, "--config", ".pre-commit-noop.yaml", "--all-files"]
                record("all-files-baseline", measure(noop, runs=args.runs, cwd=variant, env=env))
        elif name in ("report", "export"):
            warm_up()
            out = args.out_dir / f"{name}-{size}"
            argv = [bin_path("taskgate"), "report", "--out", str(out) + ".html"] if name == "report" else [bin_path("taskgate"), "export", "--out", str(out)]
            record(name + "-first", measure(argv, runs=1, cwd=repo, env=env))  # also fills the cache's merge-stage rows
            record(name, measure(argv, runs=runs(name), cwd=repo, env=env))
            if name == "report":
                loaded = browser_load_s(Path(str(out) + ".html"))
                if loaded is not None:
                    results["report-load"] = {"load_s": loaded, "bytes": Path(str(out) + ".html").stat().st_size}
                    print(f"  {size:>6} report-load     {loaded:7.2f} s in headless Chromium", file=sys.stderr)
        elif name == "pipeline":
            tools = pipeline.measure_pipeline(repo, args.out_dir, env, runs(name))
            results[name] = tools
            print(f"  {size:>6} pipeline        {tools.get('total_wall_s', float('nan')):7.2f} s (sum of tool medians)", file=sys.stderr)
    return results


def compile_installed() -> None:
    """Write the bytecode of taskgate's modules (what installing a wheel does)."""
    import compileall

    import taskgate
    import taskgate.ci
    import taskgate.hooks

    for package in (taskgate, taskgate.hooks, taskgate.ci):
        for directory in package.__path__:
            compileall.compile_dir(directory, quiet=1)


def browser_load_s(page: Path) -> float | None:
    """Seconds until headless Chromium has loaded `page` (the load event), or None without it."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=browser, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = b.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            return float(tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd / 1000"))
        finally:
            b.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated task counts (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per fast scenario (default 5)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs per slow scenario: cold, all-files-cold, pipeline (default 3)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--findings", type=float, default=0.2, help="share of tasks with findings in the findings scenarios (default 0.2)")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    args.data_dir = args.data_dir.resolve()
    args.out_dir = args.out_dir.resolve()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "taken": _dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {**machine(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {},
    }
    for size in sizes:
        report["sizes"][str(size)] = run_size(size, args, scenarios)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    from benchmarks.table import render

    table = render(report)
    (args.out_dir / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out_dir / "table.md").write_text(table)
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
