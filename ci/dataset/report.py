"""`taskgate report`: the state of a dataset for team leads, as one static HTML page or Markdown.

The HTML is self-contained (inline CSS, SVG charts and a few lines of inline script that only
filter; no network, no CDN) so it can be attached to a CI run or mailed, and it stays usable at
10,000 tasks: failing tasks are grouped by rule in collapsed sections, the task table is
collapsed, and one filter box narrows both by task id. Every rule code links to its explanation
in the page. The Markdown variant fits a pull-request comment.

Output is a function of the repository: the time it names is `SOURCE_DATE_EPOCH` when set, else
the commit time of HEAD (`stamp.py`), so the same commit gives the same bytes.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from taskgate import __version__
from taskgate.ci.dataset.stamp import Stamp
from taskgate.ci.dataset.state import TaskState
from taskgate.hooks.core import registry

VERDICTS = ("in-band", "too-easy", "too-cold", "incomplete", "stale", "none")
RATE_BUCKETS = ("0%", "1–20%", "21–40%", "41–60%", "61–80%", "81–99%", "100%")


@dataclass(frozen=True)
class Summary:
    total: int
    eligible: int
    by_status: Counter[str]
    by_category: Counter[str]
    by_language: Counter[str]
    verdicts: Counter[str]
    target_rates: Counter[str]
    reference_rates: Counter[str]
    failing_rules: dict[str, list[str]]  # code -> task ids (sorted)
    mutation_scores: Counter[str]


def _bucket(rate: float) -> str:
    if rate <= 0:
        return RATE_BUCKETS[0]
    if rate >= 1:
        return RATE_BUCKETS[-1]
    return RATE_BUCKETS[min(5, 1 + int((rate * 100 - 1e-9) // 20))]


def summarise(states: Sequence[TaskState]) -> Summary:
    failing: dict[str, set[str]] = {}
    for s in states:
        for f in s.findings:
            failing.setdefault(f.code, set()).add(s.task.id)
    target = Counter(_bucket(r) for s in states if (r := s.pass_rate("target")) is not None)
    reference = Counter(_bucket(r) for s in states if (r := s.pass_rate("reference")) is not None)
    return Summary(
        total=len(states),
        eligible=sum(s.eligible for s in states),
        by_status=Counter(s.status or "unknown" for s in states),
        by_category=Counter(s.category or "unknown" for s in states),
        by_language=Counter(s.language or "unknown" for s in states),
        verdicts=Counter(s.verdict or "none" for s in states),
        target_rates=target,
        reference_rates=reference,
        failing_rules={code: sorted(ids) for code, ids in sorted(failing.items())},
        mutation_scores=Counter(_bucket(s.mutation_score) for s in states if s.mutation_score is not None),
    )


def bar_chart(title: str, counts: Sequence[tuple[str, int]], *, color: str = "#3b6ea5") -> str:
    """A horizontal bar chart as inline SVG, labelled and accessible."""
    width, bar_h, gap, label_w = 520, 22, 6, 150
    height = 30 + len(counts) * (bar_h + gap)
    peak = max((n for _, n in counts), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="chart-title">{html.escape(title)}</text>',
    ]
    for i, (label, n) in enumerate(counts):
        y = 28 + i * (bar_h + gap)
        w = round((width - label_w - 50) * n / peak)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 1 if n else 0)}" height="{bar_h}" fill="{color}"><title>{html.escape(label)}: {n}</title></rect>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 15}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ordered(counter: Counter[str], order: Sequence[str] | None = None) -> list[tuple[str, int]]:
    """Rows of a chart: in `order` (buckets), without the empty buckets before the first and after
    the last non-empty one, so that a small dataset is not drawn as a row of zeros; else by count."""
    if order:
        rows = [(k, counter.get(k, 0)) for k in order]
        filled = [i for i, (_, n) in enumerate(rows) if n]
        return rows[filled[0]:filled[-1] + 1] if filled else []
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _chart(title: str, rows: list[tuple[str, int]], empty: str, **kw: str) -> str:
    """A chart, or one line saying there is nothing to draw."""
    if not any(n for _, n in rows):
        return f'<p class="none"><b>{html.escape(title)}:</b> {html.escape(empty)}</p>'
    return bar_chart(title, rows, **kw)


def _rule_link(code: str) -> str:
    esc = html.escape
    return f'<a class="rule" href="#rule-{esc(code)}"><code>{esc(code)}</code></a>' if registry.get(code) else f"<code>{esc(code)}</code>"


def _reasons_html(st: TaskState) -> str:
    """Every reason a task is left out: one line, expandable to all of them when there are several."""
    esc = html.escape
    if st.eligible:
        return "yes"
    first = esc(st.reasons[0])
    if len(st.reasons) == 1:
        return f'<span class="bad">no: {first}</span>'
    rest = "".join(f"<li>{esc(r)}</li>" for r in st.reasons)
    return f'<details class="bad"><summary>no: {first} (+{len(st.reasons) - 1} more)</summary><ul>{rest}</ul></details>'


def _stamp_html(stamp: Stamp | None) -> str:
    esc = html.escape
    if stamp is None:
        return ""
    parts = []
    if stamp.commit:
        parts.append(f"commit <code>{esc(stamp.commit)}</code>" + (" with uncommitted changes" if stamp.dirty else ""))
    else:
        parts.append("a work tree outside git")
    if stamp.time:
        parts.append(f"generated {esc(stamp.time)} ({esc(stamp.time_source)})")
    return f'<p class="stamp">{"; ".join(parts)}.</p>'


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5dbe3;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.4rem}.grid{display:flex;flex-wrap:wrap;gap:1.5rem}
.chart text{font-size:12px;fill:#1d2430}.chart .chart-title{font-weight:600;font-size:13px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e7ed;padding:.3rem .5rem;text-align:left;vertical-align:top}
.bad{color:#a12a2a}.good{color:#1f6f3f}code{font-size:12px}.none,.stamp{color:#5a6472}
details.rule-group{border:1px solid #e3e7ed;border-radius:4px;margin:.3rem 0;padding:.2rem .6rem}
details.rule-group>summary{cursor:pointer}details.rule-group ul{columns:18rem;margin:.4rem 0}
.filter{margin:.6rem 0}.filter input{font:inherit;padding:.2rem .4rem;width:22rem}
dl.rules dt{font-weight:600;margin-top:.6rem}dl.rules dd{margin-left:1rem}
"""
# Filtering is the only behaviour; the page is complete without it (it starts collapsed).
SCRIPT = """
const box = document.getElementById('filter');
box.hidden = false;
box.querySelector('input').addEventListener('input', (e) => {
  const q = e.target.value.trim().toLowerCase();
  for (const li of document.querySelectorAll('[data-task]')) li.hidden = q !== '' && !li.dataset.task.includes(q);
  for (const group of document.querySelectorAll('details.rule-group, details.all-tasks')) {
    const shown = group.querySelectorAll('[data-task]:not([hidden])').length;
    const n = group.querySelector('.shown');
    if (n) n.textContent = q === '' ? '' : ` (${shown} match)`;
    if (q !== '') group.open = shown > 0 && shown <= 200;
  }
});
"""


def render_html(states: Sequence[TaskState], title: str, stamp: Stamp | None = None) -> str:
    s = summarise(states)
    esc = html.escape
    gated = sum(st.mutation_score is not None for st in states)
    failing = sum(1 for st in states if st.findings)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>taskgate {esc(__version__)} report over {s.total} task(s).</p>",
        _stamp_html(stamp),
        '<div class="cards">',
        f'<div class="card">tasks<b>{s.total}</b></div>',
        f'<div class="card">pass static checks and calibration<b>{s.eligible}</b></div>',
        f'<div class="card">in-band<b>{s.verdicts.get("in-band", 0)}</b></div>',
        f'<div class="card">failing a check<b>{failing}</b></div>',
        f'<div class="card">with a gate result<b>{gated}</b></div>',
        "</div>",
        f"<p>{_gate_note(s.eligible, gated, s.total)}</p>",
        "<h2>Tasks</h2>",
        '<div class="grid">',
        _chart("By status", _ordered(s.by_status), "no tasks"),
        _chart("By category", _ordered(s.by_category), "no tasks"),
        _chart("By language", _ordered(s.by_language), "no tasks"),
        "</div>",
        "<h2>Calibration</h2>",
        '<div class="grid">',
        _chart("Verdicts", [kv for kv in _ordered(s.verdicts, VERDICTS) if kv[1]], "no tasks", color="#6a4fa0"),
        _chart("Target pass rate (tasks per bucket)", _ordered(s.target_rates, RATE_BUCKETS), "no calibration record has target runs", color="#b5651d"),
        _chart("Reference pass rate (tasks per bucket)", _ordered(s.reference_rates, RATE_BUCKETS), "no calibration record has reference runs", color="#1f6f3f"),
        "</div>",
        "<h2>Reward functions</h2>",
        f"<p>{gated} task(s) with a mutation score from <code>taskgate gate</code> on their current content.</p>",
        _chart("Mutation score (killed / total mutants)", _ordered(s.mutation_scores, RATE_BUCKETS), "no gate result for any task's current content (run `taskgate gate`)", color="#8a3b3b"),
        '<div class="filter" id="filter" hidden><label>Filter tasks by id: <input type="search" placeholder="part of a task id"></label></div>',
        "<h2>Failing checks by rule</h2>",
    ]
    if s.failing_rules:
        for code, ids in sorted(s.failing_rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rule = registry.get(code)
            what = f" — {esc(rule.summary)}" if rule else ""
            items = "".join(f'<li data-task="{esc(i.lower())}"><a href="#task-{esc(i)}">{esc(i)}</a></li>' for i in ids)
            out.append(
                f'<details class="rule-group" id="failing-{esc(code)}"><summary>{_rule_link(code)} {len(ids)} task(s){what}'
                f'<span class="shown"></span></summary><ul>{items}</ul></details>'
            )
    else:
        out.append('<p class="good">No task fails a static check.</p>')
    out += [
        f'<h2>All tasks</h2><details class="all-tasks"><summary>{s.total} task(s): category, status, verdict and why a task is left out<span class="shown"></span></summary>',
        "<table><tr><th>task</th><th>category</th><th>language</th><th>status</th><th>verdict</th><th>target pass rate</th><th>mutation score</th><th>exportable</th></tr>",
    ]
    for st in states:
        rate = st.pass_rate("target")
        shown = "–" if rate is None else f"{rate:.0%}"
        score = "–" if st.mutation_score is None else f"{st.mutation_score:.2f}"
        out.append(
            f'<tr id="task-{esc(st.task.id)}" data-task="{esc(st.task.id.lower())}"><td><code>{esc(st.task.rel)}</code></td><td>{esc(st.category or "")}</td>'
            f'<td>{esc(st.language or "")}</td><td>{esc(st.status or "")}</td><td>{esc(st.verdict or "none")}</td><td>{shown}</td><td>{score}</td>'
            f"<td>{_reasons_html(st)}</td></tr>"
        )
    out += ["</table></details>", _rules_html(s.failing_rules), f"<script>{SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(out)


def _gate_note(eligible: int, gated: int, total: int) -> str:
    """What "exportable" does and does not establish."""
    if gated == 0:
        return (f"{eligible} task(s) pass the static checks and carry a fresh in-band calibration; no task has a "
                "<code>taskgate gate</code> result for its current content, so none has had its ground truth, tests "
                "and mutants run in the sandbox yet.")
    return (f"{eligible} task(s) pass the static checks and carry a fresh in-band calibration; {gated} of {total} have a "
            "<code>taskgate gate</code> result for their current content.")


def _rules_html(failing: dict[str, list[str]]) -> str:
    """The explanation of every rule the page names (what the rule codes link to)."""
    esc = html.escape
    rules = [r for code in sorted(failing) if (r := registry.get(code)) is not None]
    if not rules:
        return ""
    items = "".join(
        f'<dt id="rule-{esc(r.code)}"><code>{esc(r.code)}</code> {esc(r.name)}</dt><dd>{esc(r.summary)}<br>'
        f"<i>Why:</i> {esc(r.rationale)}<br><i>Fix:</i> {esc(r.fix)}<br><code>taskgate rules {esc(r.code)}</code></dd>"
        for r in rules
    )
    return f'<h2>Rules named above</h2><dl class="rules">{items}</dl>'


def render_markdown(states: Sequence[TaskState], title: str, stamp: Stamp | None = None) -> str:
    s = summarise(states)
    lines = [f"## {title}", "", f"{s.total} task(s), {s.eligible} exportable, {s.verdicts.get('in-band', 0)} in-band.", ""]
    if stamp is not None and stamp.commit:
        lines[-1:-1] = [f"Commit `{stamp.commit}`{' with uncommitted changes' if stamp.dirty else ''}" + (f", {stamp.time} ({stamp.time_source})." if stamp.time else "."), ""]
    lines += ["| verdict | tasks |", "|---|---|"] + [f"| {k} | {n} |" for k, n in _ordered(s.verdicts, VERDICTS) if n]
    if s.failing_rules:
        lines += ["", "| rule | tasks | which |", "|---|---|---|"]
        for code, ids in sorted(s.failing_rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"| `{code}` | {len(ids)} | {', '.join(ids)} |")
    left_out = [st for st in states if not st.eligible]
    if left_out:
        lines += ["", "| task | left out because |", "|---|---|"]
        lines += [f"| `{st.task.id}` | {_cell('; '.join(st.reasons))} |" for st in left_out]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
