"""Waivers: a finding silenced on purpose, with a reason someone can read later.

Inline: a comment `taskgate: ignore[CODE] reason` (several codes separated by commas) silences
those codes on its own line, or on the next line when the comment stands alone on its line.
Repository-level: entries under `waivers:` in taskgate.yaml with `rule`, `path`, `reason`,
`owner` and `expires`. A waiver without a reason, naming an unknown rule, or past its expiry
date silences nothing and is itself a finding.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from taskgate.hooks.core import registry
from taskgate.hooks.workspace.config import CONFIG_NAME
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import LoadError, decode_text, load_yaml
from taskgate.hooks.core.registry import repo_check, rule, task_check
from taskgate.hooks.workspace.task import Task

NO_REASON = rule(
    "WVR001", "waiver-without-reason", hook="config", category="waiver",
    summary="A waiver gives no reason.",
    rationale="""A waiver is a decision that a rule does not apply here. Without the reason nobody
    can later tell a deliberate exception from a silenced bug, so it silences nothing.""",
    fix="""Write the reason after the bracket: `# taskgate: ignore[DET101] test checks the
    function ignores the clock`, or fill in `reason:` of the waiver in taskgate.yaml.""",
)
EXPIRED = rule(
    "WVR002", "waiver-expired", hook="config", category="waiver",
    summary="A repository-level waiver is past its `expires` date.",
    rationale="""Repository waivers are temporary by design: the date forces the owner to look again
    at whether the exception still holds.""",
    fix="Fix what the waiver covered and delete it, or renew `expires` after the owner re-decides.",
)
UNKNOWN_RULE = rule(
    "WVR003", "waiver-unknown-rule", hook="config", category="waiver",
    summary="A waiver names a rule code that does not exist.",
    rationale="A typo in a waiver's code silences nothing while looking as if it did.",
    fix="Use a code listed by `taskgate rules`.",
)

MARKER = b"taskgate:"
_INLINE = re.compile(r"taskgate:\s*ignore\[([^\]]*)\]([^\r\n]*)")
_COMMENT_LEADERS = re.compile(r"^\s*(#|//|/\*|<!--|--|;|\*)?\s*$")
_CLOSERS = re.compile(r"\s*(-->|\*/)\s*$")


@dataclass(frozen=True)
class Inline:
    line: int  # where the comment is
    column: int
    codes: tuple[str, ...]
    reason: str
    standalone: bool  # nothing but the comment on its line: it covers the next line

    def covers(self, line: int) -> bool:
        return line == self.line or (self.standalone and line == self.line + 1)


def parse_inline(text: str) -> list[Inline]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if "taskgate:" not in line:
            continue
        for match in _INLINE.finditer(line):
            codes = tuple(c.strip() for c in match.group(1).split(",") if c.strip())
            reason = _CLOSERS.sub("", match.group(2)).strip().lstrip(":-—– ").strip()
            standalone = bool(_COMMENT_LEADERS.match(line[: match.start()]))
            out.append(Inline(number, match.start() + 1, codes, reason, standalone))
    return out


def inline_waivers(task: Task, rel: str) -> list[Inline]:
    raw = task.read(rel)
    if isinstance(raw, LoadError) or MARKER not in raw:
        return []
    text = decode_text(raw)
    return [] if isinstance(text, LoadError) else parse_inline(text)


@task_check("layout")
def check_inline(task: Task, ctx: Context) -> Iterator[Finding]:
    known = registry.rules()
    for rel, entry in sorted(task.entries.items()):
        if not entry.is_regular or entry.size > task.max_file_size:
            continue
        for waiver in inline_waivers(task, rel):
            where = task.path(rel)
            if not waiver.codes:
                yield finding(UNKNOWN_RULE, where, "waiver names no rule code: write taskgate: ignore[CODE] reason", waiver.line, waiver.column)
            for code in waiver.codes:
                if code not in known:
                    yield finding(UNKNOWN_RULE, where, f"waiver names unknown rule {code!r}", waiver.line, waiver.column)
            if not waiver.reason:
                yield finding(NO_REASON, where, f"waiver for {', '.join(waiver.codes) or '?'} gives no reason, so it silences nothing", waiver.line, waiver.column)


@dataclass(frozen=True)
class RepoWaiver:
    index: int
    rule: str
    path: str
    reason: str
    owner: str
    expires: _dt.date | None

    def matches(self, code: str, path: str) -> bool:
        if code != self.rule:
            return False
        pattern = self.path.rstrip("/")
        return fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern + "/")


def repo_waivers(ctx: Context) -> list[RepoWaiver]:
    out = []
    for index, item in enumerate(ctx.config["waivers"]):
        if not isinstance(item, dict):
            continue
        try:
            expires = _dt.date.fromisoformat(str(item.get("expires")))
        except ValueError:
            expires = None
        out.append(RepoWaiver(index, str(item.get("rule", "")), str(item.get("path", "")), str(item.get("reason", "")).strip(), str(item.get("owner", "")), expires))
    return out


def active_repo_waivers(ctx: Context) -> list[RepoWaiver]:
    known = registry.rules()
    return [w for w in repo_waivers(ctx) if w.reason and w.rule in known and w.expires is not None and w.expires >= ctx.today]


@repo_check("config")
def check_repo_waivers(ctx: Context) -> Iterator[Finding]:
    waivers = repo_waivers(ctx)
    if not waivers:
        return
    located = load_yaml(ctx.config.text) if ctx.config.text else None
    known = registry.rules()

    def at(index: int, key: str) -> tuple[int, int]:
        return located.locate(("waivers", index, key)) if located is not None else (1, 1)

    for w in waivers:
        if not w.reason:
            yield finding(NO_REASON, CONFIG_NAME, f"waiver of {w.rule} for {w.path!r} gives no reason, so it silences nothing", *at(w.index, "reason"))
        if w.rule not in known:
            yield finding(UNKNOWN_RULE, CONFIG_NAME, f"waiver names unknown rule {w.rule!r}", *at(w.index, "rule"))
        if w.expires is not None and w.expires < ctx.today:
            yield finding(EXPIRED, CONFIG_NAME, f"waiver of {w.rule} for {w.path!r} (owner {w.owner}) expired on {w.expires.isoformat()}", *at(w.index, "expires"))


def apply(findings: Iterable[Finding], ctx: Context, inline_for: Any) -> list[Finding]:
    """Drop the findings a valid waiver covers. `inline_for(path)` gives a file's inline waivers.

    Waiver findings themselves (WVR…) cannot be waived.
    """
    active = active_repo_waivers(ctx)
    kept = []
    for f in findings:
        if not f.code.startswith("WVR"):
            if any(w.matches(f.code, f.path) for w in active):
                continue
            if any(f.code in w.codes and w.reason and w.covers(f.line) for w in inline_for(f.path)):
                continue
        kept.append(f)
    return kept
