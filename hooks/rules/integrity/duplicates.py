"""INT001: two tasks of the repository are near-duplicates (reworded, identifiers renamed).

A repository-level pass over per-task signatures (`signatures.py`), kept between runs in
`signature_store.py` by the stat facts of each task's prompt.md and solution/ files:

- A whole-repository run (`taskgate check`, CI) lstats every task's prompt and ground truth,
  recomputes the signatures of the tasks whose files changed, groups all tasks by LSH band and
  compares the pairs that share a band. It records that the store is complete.
- A run over some tasks (a pre-commit hook) computes their signatures and asks the store which
  tasks share a band with them: one indexed query, whatever the repository's size. Candidates
  above the threshold are re-read before they are reported. Without a complete store (a fresh
  clone, `--no-cache`, changed thresholds) it does the whole pass once.

A partial run trusts the store for tasks it does not touch: a task changed since the last run
that saw it (pulled, edited with the hooks off) is compared by its old signature until a
whole-repository run, which CI does on every pull request.

Which task is reported: the one whose id sorts later (ids are stable and need no git history;
hooks may not read it). The finding names the other task; waive it in taskgate.yaml by path.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskgate.hooks import fingerprint
from taskgate.hooks.context import Context
from taskgate.hooks.findings import Finding, finding
from taskgate.hooks.registry import repo_check, rule
from taskgate.hooks.rules.integrity import signatures
from taskgate.hooks.rules.integrity.signature_store import Row, Store, open_store
from taskgate.hooks.rules.integrity.signatures import KINDS, Signature
from taskgate.hooks.task import PROMPT

DEFAULTS = {"prompt": 0.6, "solution": 0.7}

DUPLICATE = rule(
    "INT001", "near-duplicate-task", hook="integrity",
    summary="Two tasks are near-duplicates: their prompts or their ground truths (up to renaming) are too similar.",
    rationale="""The same problem committed twice, reworded or with renamed identifiers, is trained on
    twice, skews the dataset's mix and leaks between train and evaluation splits. Prompts are
    compared as shingles of content-word stems, ground truths as shingles of normalised tokens
    (identifiers and literals abstracted), by MinHash with LSH so that 10,000 tasks cost about
    as much as one.""",
    fix="""Delete one of the two tasks, or make them genuinely different problems. If both are meant
    to exist (e.g. a debugging variant of an algorithms task), waive INT001 for the reported
    path in taskgate.yaml with the reason.""",
    limits="""Similarity is estimated (128 permutations: about ±0.04 near the thresholds). Prompts
    and ground truths shorter than 8 shingles are not compared. A prompt reworded beyond its
    phrases with a solution rewritten in another structure is not a near-duplicate to this rule.
    A pre-commit run compares touched tasks with the stored signatures of the others (see the
    hooks docs); `taskgate check` over the whole repository re-verifies every task.""",
)


def thresholds(ctx: Context) -> dict[str, float]:
    section = ctx.config.section("integrity").get("duplicates")
    section = section if isinstance(section, dict) else {}
    return {kind: float(section.get(kind, DEFAULTS[kind])) for kind in KINDS}


def _stat_signature(repo: Any, task_id: str, started: int) -> bytes | None:
    base = f"{repo.root}/{repo.tasks_root}/{task_id}/"
    stats = []
    for rel in sorted(repo.files_of(task_id)):
        if rel == PROMPT or rel.startswith("solution/"):
            try:
                stats.append((rel, os.lstat(base + rel)))
            except OSError:
                continue
    if os.path.islink(base[:-1]):
        return None
    return fingerprint.stat_signature(stats, started)


class _Pass:
    def __init__(self, ctx: Context, store: Store | None) -> None:
        self.ctx = ctx
        self.repo = ctx.repo
        self.store = store
        self.limits = thresholds(ctx)
        self.started = time.time_ns()
        self.sigs: dict[str, Signature] = {}
        self.changed: dict[str, Row] = {}

    def rel(self, task_id: str) -> str:
        return f"{self.repo.tasks_root}/{task_id}"

    def signature(self, task_id: str, stored: Row | None) -> Signature:
        statsig = _stat_signature(self.repo, task_id, self.started)
        if stored is not None and statsig is not None and stored[0] == statsig:
            sig = Signature(stored[1], stored[2])
        else:
            sig = signatures.of_task(self.repo.task(task_id))
            self.changed[self.rel(task_id)] = (statsig or b"", sig.prompt, sig.solution)
        self.sigs[self.rel(task_id)] = sig
        return sig

    def keys(self, sig: Signature) -> list[bytes]:
        return [k for kind in KINDS for k in signatures.band_keys(kind, sig.of(kind), self.limits[kind])]

    def bands_id(self) -> str:
        return f"prompt={self.limits['prompt']};solution={self.limits['solution']}"

    def verdict(self, a: str, b: str) -> Finding | None:
        sa, sb = self.sigs[a], self.sigs[b]
        scores = {kind: signatures.similarity(sa.of(kind), sb.of(kind)) for kind in KINDS}
        over = [kind for kind in KINDS if scores[kind] >= self.limits[kind]]
        if not over:
            return None
        newer, older = (a, b) if a > b else (b, a)
        what = " and ".join({"prompt": "prompt", "solution": "ground truth (up to renaming)"}[k] for k in over)
        return finding(
            DUPLICATE, f"{newer}/{PROMPT}",
            f"near-duplicate of {older}: same {what} (prompt similarity {scores['prompt']:.2f}, ground truth "
            f"similarity {scores['solution']:.2f}; thresholds {self.limits['prompt']:.2f} / {self.limits['solution']:.2f}); "
            "delete one task or make the problems differ",
        )

    def whole(self, report_for: set[str] | None) -> list[Finding]:
        stored = self.store.rows() if self.store is not None else {}
        for task_id in self.repo.task_ids:
            self.signature(task_id, stored.get(self.rel(task_id)))
        buckets: dict[bytes, list[str]] = defaultdict(list)
        all_keys: dict[str, list[bytes]] = {}
        for rel in sorted(self.sigs):
            all_keys[rel] = self.keys(self.sigs[rel])
            for key in all_keys[rel]:
                buckets[key].append(rel)
        pairs = {(m[i], n) for m in buckets.values() if len(m) > 1 for i in range(len(m)) for n in m[i + 1:]}
        out = []
        for a, b in sorted(pairs):
            if report_for is not None and a not in report_for and b not in report_for:
                continue
            found = self.verdict(a, b)
            if found is not None:
                out.append(found)
        if self.store is not None:
            fresh = self.store.complete(self.bands_id())
            rows = self.changed if fresh else {rel: self._row(rel, stored) for rel in self.sigs}
            self.store.save(rows, {rel: all_keys[rel] for rel in rows}, forget=stored.keys() - self.sigs.keys(), complete=self.bands_id())
        return out

    def _row(self, rel: str, stored: dict[str, Row]) -> Row:
        if rel in self.changed:
            return self.changed[rel]
        sig = self.sigs[rel]
        return (stored[rel][0], sig.prompt, sig.solution)

    def partial(self, task_ids: list[str]) -> list[Finding]:
        assert self.store is not None
        mine = {self.rel(t): t for t in task_ids}
        stored = self.store.rows(mine)
        keys = {rel: self.keys(self.signature(t, stored.get(rel))) for rel, t in mine.items()}
        prefix = self.repo.tasks_root + "/"
        others = sorted(self.store.sharing(k for ks in keys.values() for k in ks) - mine.keys())
        others = [rel for rel in others if os.path.lexists(os.path.join(self.repo.root, rel))]
        if others:
            self.repo.select([Path(self.repo.root, rel) for rel in others])  # lists their files
        other_rows = self.store.rows(others)
        for rel in others:
            if rel in other_rows:
                self.signature(rel[len(prefix):], other_rows[rel])
        out = []
        rels = sorted(self.sigs)
        key_sets = {rel: set(keys.get(rel) or self.keys(self.sigs[rel])) for rel in rels}
        for i, a in enumerate(rels):
            for b in rels[i + 1:]:
                if (a in mine or b in mine) and key_sets[a] & key_sets[b]:
                    found = self.verdict(a, b)
                    if found is not None:
                        out.append(found)
        self.store.save(self.changed, {rel: sorted(key_sets[rel]) for rel in self.changed})
        return out


@repo_check("integrity")
def check_duplicates(ctx: Context) -> Iterator[Finding]:
    repo = getattr(ctx, "repo", None)
    if repo is None:
        return
    selected = getattr(ctx, "selected", None)
    store = open_store(repo.root, signatures.params()) if getattr(ctx, "use_cache", False) else None
    try:
        run = _Pass(ctx, store)
        if selected is not None and not selected:
            return
        if selected is not None and store is not None and store.complete(run.bands_id()):
            yield from run.partial(list(selected))
        else:
            report_for = None if selected is None else {run.rel(t) for t in selected}
            yield from run.whole(report_for)
    finally:
        if store is not None:
            store.close()
