"""`taskgate report`: the state of a dataset for team leads, as one static HTML page or Markdown.

The HTML is self-contained (inline CSS and SVG charts; no script, no network, no CDN) so it can be
attached to a CI run or mailed. The Markdown variant fits a pull-request comment.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from taskgate import __version__
from taskgate.ci.dataset.state import TaskState

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
        by_status=Counter(s.task.status or "unknown" for s in states),
        by_category=Counter(s.task.category or "unknown" for s in states),
        by_language=Counter(s.task.language or "unknown" for s in states),
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
    if order:
        return [(k, counter.get(k, 0)) for k in order]
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5dbe3;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.4rem}.grid{display:flex;flex-wrap:wrap;gap:1.5rem}
.chart text{font-size:12px;fill:#1d2430}.chart .chart-title{font-weight:600;font-size:13px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e7ed;padding:.3rem .5rem;text-align:left;vertical-align:top}
.bad{color:#a12a2a}.good{color:#1f6f3f}code{font-size:12px}
"""


def render_html(states: Sequence[TaskState], title: str) -> str:
    s = summarise(states)
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>taskgate {esc(__version__)} report over {s.total} task(s).</p>",
        '<div class="cards">',
        f'<div class="card">tasks<b>{s.total}</b></div>',
        f'<div class="card">exportable<b>{s.eligible}</b></div>',
        f'<div class="card">in-band<b>{s.verdicts.get("in-band", 0)}</b></div>',
        f'<div class="card">failing a check<b>{sum(1 for st in states if st.findings)}</b></div>',
        "</div>",
        "<h2>Tasks</h2>",
        '<div class="grid">',
        bar_chart("By status", _ordered(s.by_status, ("ready", "draft")) + [kv for kv in _ordered(s.by_status) if kv[0] not in ("ready", "draft")]),
        bar_chart("By category", _ordered(s.by_category)),
        bar_chart("By language", _ordered(s.by_language)),
        "</div>",
        "<h2>Calibration</h2>",
        '<div class="grid">',
        bar_chart("Verdicts", _ordered(s.verdicts, VERDICTS), color="#6a4fa0"),
        bar_chart("Target pass rate (tasks per bucket)", _ordered(s.target_rates, RATE_BUCKETS), color="#b5651d"),
        bar_chart("Reference pass rate (tasks per bucket)", _ordered(s.reference_rates, RATE_BUCKETS), color="#1f6f3f"),
        "</div>",
        "<h2>Reward functions</h2>",
        f"<p>{sum(s.mutation_scores.values())} task(s) with a mutation score from <code>taskgate gate</code> on their current content.</p>",
        bar_chart("Mutation score (killed / total mutants)", _ordered(s.mutation_scores, RATE_BUCKETS), color="#8a3b3b"),
        "<h2>Failing checks by rule</h2>",
    ]
    if s.failing_rules:
        out.append("<table><tr><th>rule</th><th>tasks</th><th>which</th></tr>")
        for code, ids in sorted(s.failing_rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            links = ", ".join(f'<a href="#task-{esc(i)}">{esc(i)}</a>' for i in ids)
            out.append(f"<tr><td><code>{esc(code)}</code></td><td>{len(ids)}</td><td>{links}</td></tr>")
        out.append("</table>")
    else:
        out.append('<p class="good">No task fails a static check.</p>')
    out += ["<h2>All tasks</h2>", "<table><tr><th>task</th><th>category</th><th>language</th><th>status</th><th>verdict</th><th>target pass rate</th><th>mutation score</th><th>exportable</th></tr>"]
    for st in states:
        rate = st.pass_rate("target")
        shown = "–" if rate is None else f"{rate:.0%}"
        score = "–" if st.mutation_score is None else f"{st.mutation_score:.2f}"
        verdict = st.verdict or "none"
        why = "yes" if st.eligible else f'<span class="bad">no: {esc(st.reason or "")}</span>'
        out.append(
            f'<tr id="task-{esc(st.task.id)}"><td><code>{esc(st.task.rel)}</code></td><td>{esc(st.task.category or "")}</td>'
            f'<td>{esc(st.task.language or "")}</td><td>{esc(st.task.status or "")}</td><td>{esc(verdict)}</td><td>{shown}</td><td>{score}</td><td>{why}</td></tr>'
        )
    out += ["</table>", "</body></html>", ""]
    return "\n".join(out)


def render_markdown(states: Sequence[TaskState], title: str) -> str:
    s = summarise(states)
    lines = [f"## {title}", "", f"{s.total} task(s), {s.eligible} exportable, {s.verdicts.get('in-band', 0)} in-band.", ""]
    lines += ["| verdict | tasks |", "|---|---|"] + [f"| {k} | {n} |" for k, n in _ordered(s.verdicts, VERDICTS) if n]
    if s.failing_rules:
        lines += ["", "| rule | tasks | which |", "|---|---|---|"]
        for code, ids in sorted(s.failing_rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"| `{code}` | {len(ids)} | {', '.join(ids)} |")
    left_out = [st for st in states if not st.eligible]
    if left_out:
        lines += ["", "| task | left out because |", "|---|---|"]
        lines += [f"| `{st.task.id}` | {_cell(st.reason or '')} |" for st in left_out]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
