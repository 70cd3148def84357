"""INT001: two tasks of the repository are near-duplicates (reworded, identifiers renamed).

A repository-level pass over per-task signatures (`signatures.py`), kept between runs in
`signature_store.py` by the stat facts of each task's prompt.md and solution/ files:

- A whole-repository run (`taskgate check`, CI) lstats every task's prompt and ground truth,
  recomputes the signatures of the tasks whose files changed (datasketch), puts all tasks in LSH
  buckets and compares each with the NEIGHBOURS tasks sorting just before it in each bucket. It
  records that the store is complete, with the permutations and band sizes it used.
- A run over some tasks (a pre-commit hook) computes their signatures in plain Python from the
  stored permutations and fetches their buckets: one indexed query, whatever the repository's
  size. Each touched task is compared with its bucket neighbours before it, as a whole run
  would; the older task a finding names is re-read first if its files changed. Without a
  complete store (a fresh clone, `--no-cache`, changed thresholds) it does the whole pass once.

Like every rule, a run over some tasks reports findings only on those tasks: when a touched task
is the *older* one of a pair (its id sorts first), the finding belongs to the untouched later
task and appears in the next whole-repository run (CI), not in the touched task's hook run.

A partial run trusts the store for tasks it does not touch: a task changed since the last run
that saw it (pulled, edited with the hooks off) is compared by its old signature until a
whole-repository run, which CI does on every pull request.

Which task is reported: the one whose id sorts later (ids are stable and need no git history;
hooks may not read it). The finding names the other task; waive it in taskgate.yaml by path.
"""

from __future__ import annotations

import bisect
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskgate.hooks.core import fingerprint
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import repo_check, rule, task_facts
from taskgate.hooks.rules.integrity import signatures
from taskgate.hooks.rules.integrity.signature_store import Row, Store, open_store
from taskgate.hooks.rules.integrity.signatures import KINDS, Signature
from taskgate.hooks.workspace.task import PROMPT, Task

DEFAULTS = {"prompt": 0.6, "solution": 0.7}
FACTS = "integrity.signatures"

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


# In each LSH bucket a task is compared with at most this many tasks sorting just before it: a
# cluster of m copies then costs m comparisons, not m * m / 2, and each copy still names one.
NEIGHBOURS = 3


def _neighbours(bucket: list[str], rel: str) -> list[str]:
    """The NEIGHBOURS tasks of a sorted bucket just before `rel`."""
    position = bisect.bisect_left(bucket, rel)
    return bucket[max(0, position - NEIGHBOURS):position]


class _Pass:
    def __init__(self, ctx: Context, store: Store | None, hasher: signatures.Hasher) -> None:
        self.ctx = ctx
        # Signatures the engine computed beside the per-task checks (cached with their findings).
        self.facts = (ctx.task_facts or {}).get(FACTS) or {}
        self.hasher = hasher
        self.repo = ctx.repo
        self.store = store
        self.limits = thresholds(ctx)
        self.started = time.time_ns()
        self.sigs: dict[str, Signature] = {}
        self.changed: dict[str, Row] = {}
        self.keys: dict[str, list[bytes]] = {}

    def rel(self, task_id: str) -> str:
        return f"{self.repo.tasks_root}/{task_id}"

    def task_id(self, rel: str) -> str:
        return rel[len(self.repo.tasks_root) + 1:]

    def signature(self, rel: str, stored: Row | None) -> Signature:
        """The task's signature: the engine's (a task fact), else the stored one when its files'
        stat facts are unchanged, else computed here."""
        known = Signature.from_json(self.facts[rel]) if rel in self.facts else None
        if known is not None:
            sig = known
            if stored is None or (stored[1], stored[2]) != (sig.prompt, sig.solution):
                self.changed[rel] = (_stat_signature(self.repo, self.task_id(rel), self.started) or b"", sig.prompt, sig.solution)
        else:
            statsig = _stat_signature(self.repo, self.task_id(rel), self.started)
            if stored is not None and statsig is not None and stored[0] == statsig:
                sig = Signature(stored[1], stored[2])
            else:
                sig = signatures.of_task(self.repo.task(self.task_id(rel)))
                self.changed[rel] = (statsig or b"", sig.prompt, sig.solution)
        self.sigs[rel] = sig
        self.keys[rel] = [k for kind in KINDS for k in self.hasher.band_keys(kind, sig.of(kind))]
        return sig

    def bands_id(self) -> str:
        return f"prompt={self.limits['prompt']};solution={self.limits['solution']}"

    def best_older(self, rel: str, candidates: set[str]) -> tuple[str, dict[str, float], list[str]] | None:
        """The most similar older task above a threshold: (its rel, scores, kinds over)."""
        best = None
        for other in sorted(c for c in candidates if c < rel and c in self.sigs):
            scores = {kind: signatures.similarity(self.sigs[rel].of(kind), self.sigs[other].of(kind)) for kind in KINDS}
            over = [kind for kind in KINDS if scores[kind] >= self.limits[kind]]
            margin = max(scores[kind] - self.limits[kind] for kind in KINDS)
            if over and (best is None or margin > best[0]):
                best = (margin, other, scores, over)
        return None if best is None else best[1:]

    def finding(self, rel: str, other: str, scores: dict[str, float], over: list[str]) -> Finding:
        what = " and ".join({"prompt": "prompt", "solution": "ground truth (up to renaming)"}[k] for k in over)
        return finding(
            DUPLICATE, f"{rel}/{PROMPT}",
            f"near-duplicate of {other}: same {what} (prompt similarity {scores['prompt']:.2f}, ground truth "
            f"similarity {scores['solution']:.2f}; thresholds {self.limits['prompt']:.2f} / {self.limits['solution']:.2f}); "
            "delete one task or make the problems differ",
        )

    def whole(self, report_for: set[str] | None) -> list[Finding]:
        stored = self.store.rows() if self.store is not None else {}
        for task_id in self.repo.task_ids:
            self.signature(self.rel(task_id), stored.get(self.rel(task_id)))
        buckets: dict[bytes, list[str]] = defaultdict(list)
        candidates: dict[str, set[str]] = defaultdict(set)
        for rel in sorted(self.sigs):
            for key in self.keys[rel]:
                bucket = buckets[key]
                candidates[rel].update(bucket[-NEIGHBOURS:])
                bucket.append(rel)
        out = []
        for rel in sorted(candidates):
            if candidates[rel] and (report_for is None or rel in report_for):
                best = self.best_older(rel, candidates[rel])
                if best is not None:
                    out.append(self.finding(rel, *best))
        if self.store is not None:
            # Band keys of unchanged rows are current when the store is complete with these bands.
            fresh = self.store.complete(self.bands_id()) and self.store.hasher_state() == self.hasher.state()
            rows = self.changed if fresh else {rel: self.changed.get(rel) or (stored[rel][0], *self._blobs(rel)) for rel in self.sigs}
            forget = stored.keys() - self.sigs.keys()
            self.store.save(rows, {rel: self.keys[rel] for rel in rows}, forget=forget, complete=self.bands_id(),
                            hasher=self.hasher.state())
        return out

    def _blobs(self, rel: str) -> tuple[bytes, bytes]:
        return self.sigs[rel].prompt, self.sigs[rel].solution

    def partial(self, task_ids: list[str]) -> list[Finding]:
        """Touched tasks against the store's buckets: each compared with the tasks just before it
        in each of its buckets (what a whole run compares it with)."""
        assert self.store is not None
        mine = sorted(self.rel(t) for t in task_ids)
        stored = self.store.rows(mine)
        for rel in mine:
            self.signature(rel, stored.get(rel))
        candidates: dict[str, set[str]] = defaultdict(set)
        for rel in mine:
            for key in self.keys[rel]:
                # The bucket as it is now: touched tasks by their current keys, whatever the store had.
                stored_before = [r for r in self.store.before(key, rel, NEIGHBOURS + len(mine)) if r not in mine]
                bucket = sorted({*stored_before, *(r for r in mine if key in self.keys[r])})
                candidates[rel].update(_neighbours(bucket, rel))
        wanted = sorted({c for cs in candidates.values() for c in cs} - self.sigs.keys())
        wanted = [rel for rel in wanted if os.path.lexists(os.path.join(self.repo.root, rel))]
        rows = self.store.rows(wanted)
        for rel in wanted:
            if rel in rows:
                self.sigs[rel] = Signature(rows[rel][1], rows[rel][2])
        out = []
        for rel in mine:
            best = self.best_older(rel, candidates[rel])
            if best is not None and best[0] not in mine and self._refreshed([best[0]], rows):
                best = self.best_older(rel, candidates[rel])  # re-read before reporting it
            if best is not None:
                out.append(self.finding(rel, *best))
        self.store.save(self.changed, {rel: self.keys[rel] for rel in self.changed})
        return out

    def _refreshed(self, rels: list[str], rows: dict[str, Row]) -> bool:
        """Re-read untouched tasks whose files changed since they were stored; True if any did."""
        self.repo.select([Path(self.repo.root, rel) for rel in rels])  # lists their files
        before = {rel: self.sigs.get(rel) for rel in rels}
        for rel in rels:
            self.signature(rel, rows.get(rel))
        return any(self.sigs[rel] != before[rel] for rel in rels)


@task_facts("integrity", FACTS)
def signature_facts(task: Task) -> dict[str, str]:
    """A task's two MinHash signatures, computed beside its per-task checks (sharing their lexing)."""
    return signatures.of_task(task).as_json()


@repo_check("integrity")
def check_duplicates(ctx: Context) -> Iterator[Finding]:
    repo = getattr(ctx, "repo", None)
    selected = getattr(ctx, "selected", None)
    if repo is None or (selected is not None and not selected):
        return
    store = open_store(repo.root, signatures.params()) if getattr(ctx, "use_cache", False) else None
    limits = thresholds(ctx)
    bands_id = f"prompt={limits['prompt']};solution={limits['solution']}"
    try:
        # The band sizes a complete store was made with (datasketch's optimum needs scipy: computed
        # once per thresholds, not per run).
        hasher = signatures.Hasher.from_state(store.hasher_state()) if store is not None and store.complete(bands_id) else None
        if selected is not None and hasher is not None:
            yield from _Pass(ctx, store, hasher).partial(list(selected))
            return
        run = _Pass(ctx, store, hasher or signatures.Hasher.from_datasketch(limits))
        yield from run.whole(None if selected is None else {run.rel(t) for t in selected})
    finally:
        if store is not None:
            store.close()
