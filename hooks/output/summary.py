"""Markdown job summaries: a table of tasks x checks, failures first, then what failed.

`--summary FILE` appends one section to FILE; in GitHub Actions FILE is `$GITHUB_STEP_SUMMARY`
and the section shows on the run's page. Any command with per-task results can use `table()`:
rows are tasks, columns are checks (hooks for `taskgate check`; build, sandbox, calibration for
the gate commands). Long runs stay readable: every failing task is listed, passing ones up to a
limit, and the findings list is capped (GitHub keeps at most 1 MiB of summary per step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from taskgate.hooks.core import registry
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace import atomic

ICONS = {"fail": "❌", "warn": "⚠️", "pass": "✅", "skip": "➖"}
RANK = {"fail": 0, "warn": 1, "pass": 2, "skip": 3}
REPOSITORY = "(repository)"
MAX_PASSING_ROWS = 100
MAX_DETAILS = 200


@dataclass(frozen=True)
class Cell:
    status: str  # fail | warn | pass | skip
    detail: str = ""

    def render(self) -> str:
        return f"{ICONS[self.status]} {escape(self.detail)}".rstrip()


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell (no cell break, no stray markup)."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for ch in "`*_<>[]":
        out = out.replace(ch, "\\" + ch)
    return out


def code(text: str, in_table: bool = True) -> str:
    """Inline code for any text (a path may hold backticks, or a pipe that would end a cell)."""
    text = text.replace("\r", " ").replace("\n", " ")
    if in_table:
        text = text.replace("|", "\\|")
    longest = current = 0
    for ch in text:
        current = current + 1 if ch == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def row_status(cells: Mapping[str, Cell]) -> str:
    statuses = [c.status for c in cells.values()] or ["pass"]
    return min(statuses, key=RANK.__getitem__)


def table(title: str, columns: Sequence[str], rows: Mapping[str, Mapping[str, Cell]], details: Sequence[str] = (), *, max_passing: int = MAX_PASSING_ROWS) -> str:
    """A summary section: heading with counts, the table (failures first), then `details`."""
    status = {name: row_status(cells) for name, cells in rows.items()}
    order = sorted(rows, key=lambda name: (RANK[status[name]], name))
    failed = sum(1 for s in status.values() if s == "fail")
    warned = sum(1 for s in status.values() if s == "warn")
    icon = ICONS["fail"] if failed else ICONS["pass"]
    counts = f"{failed} of {len(rows)} failed" if failed else f"all {len(rows)} passed"
    if warned:
        counts += f", {warned} with warnings"
    lines = [f"### {icon} {title}: {counts}", ""]
    if rows:
        lines.append("| task | " + " | ".join(escape(c) for c in columns) + " |")
        lines.append("| --- |" + " :---: |" * len(columns))
        shown_passing = 0
        for name in order:
            if status[name] in ("pass", "skip"):
                shown_passing += 1
                if shown_passing > max_passing:
                    continue
            cells = rows[name]
            label = name if name == REPOSITORY else code(name)
            lines.append(f"| {label} | " + " | ".join(cells.get(c, Cell("skip")).render() for c in columns) + " |")
        hidden = shown_passing - max_passing
        if hidden > 0:
            lines.append(f"| ... | and {hidden} more task(s) with no failure |" + " |" * (len(columns) - 1))
        lines.append("")
    if details:
        lines += ["<details open><summary>What failed</summary>", ""]
        lines += list(details[:MAX_DETAILS])
        if len(details) > MAX_DETAILS:
            lines.append(f"- ... and {len(details) - MAX_DETAILS} more (the job log has them all)")
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


def _owner(path: str, tasks_root: str) -> str:
    prefix = tasks_root + "/"
    if path.startswith(prefix):
        return prefix + path[len(prefix):].split("/", 1)[0]
    return REPOSITORY


def findings_table(title: str, findings: Iterable[Finding], task_paths: Iterable[str], hooks: Sequence[str], tasks_root: str) -> str:
    """One column per hook (of those given, the ones with rules), one row per task checked.

    Any command whose results are findings can use it: `taskgate check` passes the hooks it
    ran; a gate command passes the hooks of its rules (findings of other hooks add columns).
    """
    findings = sorted(findings)
    counts: dict[str, dict[str, list[int]]] = {p: {} for p in task_paths}
    for f in findings:
        rule = registry.get(f.code)
        hook = rule.hook if rule else "internal"
        sev = registry.severity(f.code)
        per_hook = counts.setdefault(_owner(f.path, tasks_root), {}).setdefault(hook, [0, 0])
        if sev != "note":  # notes are listed below, never a failed or warned cell
            per_hook[0 if sev == "error" else 1] += 1
    with_rules = {rule.hook for rule in registry.rules().values()}
    columns = [h for h in hooks if h in with_rules]
    columns += sorted({h for per in counts.values() for h in per if h not in columns})
    rows: dict[str, dict[str, Cell]] = {}
    for name, per in counts.items():
        cells = {}
        for hook in columns:
            errors, warnings = per.get(hook, (0, 0))
            if errors:
                cells[hook] = Cell("fail", f"{errors}")
            elif warnings:
                cells[hook] = Cell("warn", f"{warnings}")
            else:
                cells[hook] = Cell("pass")
        rows[name] = cells
    details = [_detail(f) for f in sorted(findings, key=lambda f: (_sev_rank(f.code), f))]
    return table(title, columns, rows, details)


def _sev_rank(code: str) -> int:
    return registry.SEVERITIES.index(registry.severity(code))


def _detail(f: Finding) -> str:
    sev = registry.severity(f.code)
    tag = f" ({sev})" if sev != "error" else ""
    return f"- {code(f'{f.path}:{f.line}:{f.column}', in_table=False)} **{escape(f.code)}** {escape(f.message)}{tag}"


append = atomic.append  # the Markdown job summary grows one run at a time
