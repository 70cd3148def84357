"""The Markdown table of a benchmark report (benchmarks/out/results.json)."""

from __future__ import annotations

from typing import Any

TARGETS = {  # at 10,000 tasks, on a 2-core machine (issues 8 and 18)
    "cold": "≤ 5 s",
    "warm": "≤ 0.5 s",
    "touched": "≤ 1.5 s",
    "hook": "≤ 0.2 s",
    "findings": "≤ 1.25× clean twin",
    "findings-all-files": "≤ 2× check (cold)",
    "findings-all-files-warm": "≤ 2× check (warm)",
    "report": "≤ 2× warm",
    "export": "≤ 2× warm",
}
LABELS = {
    "cold": "1. `taskgate check --stage commit`, cold (no cache)",
    "warm": "2. the same, warm (nothing changed)",
    "touched": "3. the same, one task edited",
    "hook": "4a. one `taskgate-hook` process, one edited task (slowest hook)",
    "commit": "4b. `pre-commit run`, every per-concern hook, commit editing one task",
    "commit-umbrella": "4c. the same with the one `taskgate` hook instead",
    "commit-baseline": "4d. the same with one no-op hook: pre-commit's own cost",
    "all-files": "5. `pre-commit run --all-files`, every per-concern hook (cache warm)",
    "all-files-umbrella": "5b. `pre-commit run --all-files`, the one `taskgate` hook (cache warm)",
    "all-files-cold": "5c. per-concern hooks, cache removed before each run",
    "findings-twin": "7. scenario 1 on a tree with 20% more ready tasks (current calibration records): the clean twin",
    "findings": "7a. the same tree with those records stale and clock reads (issue 18's findings-present scenario)",
    "findings-warm": "7b. the same, warm",
    "findings-all-files": "7c. `pre-commit run --all-files`, the one `taskgate` hook, on that tree, cold",
    "findings-all-files-warm": "7d. the same, warm",
    "all-files-baseline": "7e. the same with one no-op hook: pre-commit's own cost",
    "report-first": "8a. `taskgate report` after a warm commit-stage check (checks at the merge stage, fills the cache)",
    "report": "8b. `taskgate report` again (from the cache)",
    "export-first": "8c. `taskgate export` after a warm check, first",
    "export": "8d. `taskgate export` again",
}


def _span(stats: dict[str, Any], key: str, fmt: str = "{:.2f}") -> str:
    s = stats[key]
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"


# scenario -> the scenario its target is a ratio to
RATIO_TO = {"findings": "findings-twin", "findings-all-files": "findings", "findings-all-files-warm": "findings-warm", "report": "warm", "export": "warm"}


def _ratio(results: dict[str, Any], name: str) -> str:
    base = results.get(RATIO_TO.get(name, ""))
    if base is None or name not in results:
        return ""
    wall = results[name]["wall_s"]["median"] / base["wall_s"]["median"]
    cpu = results[name]["cpu_s"]["median"] / base["cpu_s"]["median"]
    return f"{wall:.2f}× wall, {cpu:.2f}× CPU of {RATIO_TO[name]}"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"Taken {report['taken']} on {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB RAM, Python {m['python']}; "
        f"load average {', '.join(map(str, m['load_average']))} before, "
        f"{', '.join(map(str, report.get('load_average_after', [])))} after. "
        "Median (min–max) of the runs; CPU is user+system of the command and its children; "
        "memory is the peak sum of PSS over the command's processes.",
        "",
        "| tasks | scenario | wall s | CPU s | peak MB | target (10,000) |",
        "| ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for size, results in report["sizes"].items():
        for name, label in LABELS.items():
            stats = results.get(name)
            if stats is None:
                continue
            extra = f" — {stats['slowest_hook']}; all hooks one after another {stats['sum_of_medians_s']:.2f} s" if name == "hook" else ""
            ratio = _ratio(results, name)
            extra += f" ({ratio})" if ratio else ""
            lines.append(
                f"| {int(size):,} | {label}{extra} | {_span(stats, 'wall_s')} | {_span(stats, 'cpu_s')} | "
                f"{_span(stats, 'peak_mb', '{:.0f}')} | {TARGETS.get(name, '')} |"
            )
        families = results.get("families")
        if families:
            cells = ", ".join(f"{hook} {stats['cpu_s']['median']:.2f}" for hook, stats in families.items())
            lines.append(f"| {int(size):,} | CPU s of a cold check with one hook, one worker: {cells} | | | | |")
        load = results.get("report-load")
        if load:
            lines.append(f"| {int(size):,} | 8e. the report ({load['bytes'] / 1e6:.1f} MB) loaded in headless Chromium | {load['load_s']:.2f} | | | |")
        pipe = results.get("pipeline")
        if pipe is not None:
            for tool, stats in pipe["tools"].items():
                if stats.get("missing"):
                    lines.append(f"| {int(size):,} | 6. {tool} on {stats['files']:,} files | not installed | | | |")
                else:
                    lines.append(f"| {int(size):,} | 6. {tool} on {stats['files']:,} files | {_span(stats, 'wall_s')} | {_span(stats, 'cpu_s')} | {_span(stats, 'peak_mb', '{:.0f}')} | |")
            if "total_wall_s" in pipe and "cold" in results:
                ratio = pipe["total_wall_s"] / results["cold"]["wall_s"]["median"]
                lines.append(f"| {int(size):,} | 6. assembled pipeline, sum of medians; ratio to our cold check | {pipe['total_wall_s']:.2f} | | | {ratio:.1f}× (target ≥ 5×) |")
    sizes = list(report["sizes"])
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        factor = int(large) / int(small)
        parts = []
        for name in ("cold", "warm", "touched"):
            a, b = report["sizes"][small].get(name), report["sizes"][large].get(name)
            if a and b:
                parts.append(f"{name} ×{b['wall_s']['median'] / a['wall_s']['median']:.1f}")
        if parts:
            lines += ["", f"Growth from {int(small):,} to {int(large):,} tasks (×{factor:g} the tasks): " + ", ".join(parts) + "."]
    return "\n".join(lines) + "\n"
