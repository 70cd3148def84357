"""INT001: two tasks of the repository are near-duplicates (reworded, identifiers renamed).

A repository-level pass over per-task signatures (`signatures.py`). The engine computes each
task's signatures beside its per-task checks (`signature_facts`, a task fact: in the worker
processes, sharing the checks' lexing, cached with the task's findings) and hands them to this
pass; `signature_store.py` keeps them with their LSH band keys between runs:

- A whole-repository run (`taskgate check`, CI) puts all tasks in LSH buckets and compares each
  with the NEIGHBOURS tasks sorting just before it in each bucket; it stores the rows that changed
  and records that the store is complete, with the band sizes it used, and its outcome (the
  similar pairs and their findings) under a digest of every input (`inputs_key`). A whole run
  with the same digest takes the findings from the record (1.5 s to about 0.1 s at 10,000
  tasks); when pairs were found against another base (`Repo.base_state`), the recorded pairs are
  reported again against this one. A partial run that writes rows voids the record.
- A run over some tasks (a pre-commit hook) fetches the touched tasks' buckets from the store (one
  indexed range scan per band, whatever the repository's size) and compares each with its bucket
  neighbours, as a whole run would; the older task a finding names is re-read first if its files
  changed (by their stat facts). Without a complete store (a fresh clone, `--no-cache`, changed
  thresholds) it does the whole pass once.

Like every rule, a run over some tasks reports findings only on those tasks; each touched task is
also compared with the tasks just after it in its buckets, so that the pair is reported on it when
it is the newer one whatever its id sorts.

A partial run trusts the store for tasks it does not touch: a task changed since the last run
that saw it (pulled, edited with the hooks off) is compared by its old signature until a
whole-repository run, which CI does on every pull request.

Which task is reported: the newer one, i.e. the one missing from the base commit (`repo.base`:
HEAD, or `taskgate check --base`) when the other is in it, else the one whose id sorts later.
One `git ls-tree`, asked only when a pair is found; without git, ids decide. The finding names
the other task; waive it in taskgate.yaml by path.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskgate.hooks.core import fingerprint
from taskgate.hooks.core.cache import decode_findings, encode_findings
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import repo_check, rule, task_facts
from taskgate.hooks.rules.integrity import signatures
from taskgate.hooks.rules.integrity.signature_store import Row, Store, open_store
from taskgate.hooks.rules.integrity.signatures import KINDS, Signature
from taskgate.hooks.workspace.listing import walk_files
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
    hooks docs); `taskgate check` over the whole repository re-verifies every task. The newer
    task of a pair is the one missing from the base commit (HEAD, or `--base`), else the later
    id; a pair of two tasks already at the base is reported on the later id only.""",
)


def thresholds(ctx: Context) -> dict[str, float]:
    section = ctx.config.section("integrity").get("duplicates")
    section = section if isinstance(section, dict) else {}
    return {kind: float(section.get(kind, DEFAULTS[kind])) for kind in KINDS}


def _stat_signature(repo: Any, task_id: str, started: int) -> bytes | None:
    """The stat facts of a task's prompt.md and solution/ files as the file system has them (tool
    caches skipped): a change detector that needs no git listing, so that a one-task run can
    check a task it did not list (listing one task reads git's whole index: 30 ms at 10,000
    tasks). None for a symlinked task directory."""
    base = f"{repo.root}/{repo.tasks_root}/{task_id}"
    if os.path.islink(base):
        return None
    stats = []
    for rel in [PROMPT, *(f"solution/{p}" for p in walk_files(f"{base}/solution"))]:
        try:
            stats.append((rel, os.lstat(f"{base}/{rel}")))
        except OSError:
            continue
    return fingerprint.stat_signature(stats, started)


# (later rel, margin over the threshold, older rel, scores, kinds over): a similar pair, before
# the base decides which of the two is the newer.
Pair = tuple[str, float, str, dict[str, float], list[str]]
# The recorded outcome's layout; a change voids every recorded one.
PASS_FORMAT = "whole-pass-1"


def _encode_outcome(pairs: list[Pair], base: str | None, found: list[Finding]) -> str:
    # The pairs as a string within: decoded only when another base must re-decide them.
    return json.dumps({"base": base, "findings": encode_findings(found), "pairs": json.dumps(pairs), "paired": bool(pairs)},
                      ensure_ascii=False)


def _decode_outcome(text: str | None) -> tuple[bool, str | None, list[Finding], str] | None:
    """(whether any pair was found, the base state the findings were reported against, the
    findings, the pairs' JSON); None for anything else."""
    if text is None:
        return None
    try:
        data = json.loads(text)
        paired, base, found, pairs = data["paired"], data["base"], decode_findings(data["findings"]), data["pairs"]
    except (ValueError, TypeError, KeyError):
        return None
    if found is None or not (base is None or isinstance(base, str)) or not isinstance(pairs, str) or not isinstance(paired, bool):
        return None
    return paired, base, found, pairs


def _decode_pairs(text: str) -> list[Pair] | None:
    try:
        return [(str(a), float(m), str(b), {str(k): float(v) for k, v in scores.items()}, [str(k) for k in over])
                for a, m, b, scores, over in json.loads(text)]
    except (ValueError, TypeError, AttributeError):
        return None


# In each LSH bucket a task is compared with at most this many tasks sorting just before it: a
# cluster of m copies then costs m comparisons, not m * m / 2, and each copy still names one.
NEIGHBOURS = 3


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
        self.lanes: dict[Signature, tuple[int | None, ...]] = {}

    def rel(self, task_id: str) -> str:
        return f"{self.repo.tasks_root}/{task_id}"

    def task_id(self, rel: str) -> str:
        return rel[len(self.repo.tasks_root) + 1:]

    def signature(self, rel: str, stored: Row | None) -> Signature:
        """The task's signature: the engine's (a task fact), else the stored one when its files'
        stat facts are unchanged, else computed here; with its band keys."""
        sig = self._known(rel)
        if sig is not None:
            self._note(rel, sig, stored)
        else:
            sig = self._from_files(rel, stored)
        self.sigs[rel] = sig
        self.keys[rel] = self.hasher.keys_of(sig)
        return sig

    def _known(self, rel: str) -> Signature | None:
        """The signature the engine computed (a task fact), if it did and it decodes."""
        return Signature.from_json(self.facts[rel]) if rel in self.facts else None

    def _note(self, rel: str, sig: Signature, stored: Row | None) -> None:
        """Remember to store the engine's signature when the store has another."""
        if stored is None or (stored[1], stored[2]) != (sig.prompt, sig.solution):
            self.changed[rel] = (_stat_signature(self.repo, self.task_id(rel), self.started) or b"", sig.prompt, sig.solution)

    def _from_files(self, rel: str, stored: Row | None) -> Signature:
        """The stored signature when the task's files' stat facts are unchanged, else computed."""
        statsig = _stat_signature(self.repo, self.task_id(rel), self.started)
        if stored is not None and statsig is not None and stored[0] == statsig:
            return Signature(stored[1], stored[2])
        sig = signatures.of_task(self.repo.task(self.task_id(rel)))
        self.changed[rel] = (statsig or b"", sig.prompt, sig.solution)
        return sig

    def bands_id(self) -> str:
        return f"prompt={self.limits['prompt']};solution={self.limits['solution']}"

    def best_match(self, rel: str, candidates: set[str], *, older: bool) -> tuple[float, str, dict[str, float], list[str]] | None:
        """The most similar candidate above a threshold among those whose id sorts before `rel`
        (`older`) or after it: (margin over the threshold, its rel, scores, kinds over)."""
        best = None
        mine = self._lanes(self.sigs[rel])
        for other in sorted(c for c in candidates if (c < rel if older else c > rel) and c in self.sigs):
            theirs = self._lanes(self.sigs[other])
            scores = {kind: signatures.lanes_similarity(mine[i], theirs[i]) for i, kind in enumerate(KINDS)}
            over = [kind for kind in KINDS if scores[kind] >= self.limits[kind]]
            margin = max(scores[kind] - self.limits[kind] for kind in KINDS)
            if over and (best is None or margin > best[0]):
                best = (margin, other, scores, over)
        return best

    def _lanes(self, sig: Signature) -> tuple[int | None, ...]:
        """The signature's kinds as `signatures.lanes`, converted once per signature."""
        known = self.lanes.get(sig)
        if known is None:
            known = self.lanes[sig] = tuple(signatures.lanes(sig.of(kind)) for kind in KINDS)
        return known

    def newcomer(self, first: str, second: str) -> bool:
        """Whether the pair's finding belongs on `first`, the task whose id sorts first: it is new
        in this change (missing from the base commit) while `second` is not. Otherwise the task
        whose id sorts later is the newer one."""
        known = self.repo.at_base([self.task_id(first), self.task_id(second)])
        return known[self.task_id(first)] is False and known[self.task_id(second)] is True

    def finding(self, rel: str, other: str, scores: dict[str, float], over: list[str]) -> Finding:
        what = " and ".join({"prompt": "prompt", "solution": "ground truth (up to renaming)"}[k] for k in over)
        return finding(
            DUPLICATE, f"{rel}/{PROMPT}",
            f"near-duplicate of {other}: same {what} (prompt similarity {scores['prompt']:.2f}, ground truth "
            f"similarity {scores['solution']:.2f}; thresholds {self.limits['prompt']:.2f} / {self.limits['solution']:.2f}); "
            "delete one task or make the problems differ",
        )

    def inputs_key(self) -> str:
        """A digest of everything the pass's pairs are a function of: every task's rel and
        signatures, the thresholds, the MinHash parameters and LSH bands, the neighbour bound,
        and the toolchain (taskgate's code, Python, the installed distributions)."""
        h = hashlib.blake2b(digest_size=20)
        for part in (PASS_FORMAT, fingerprint.toolchain(), signatures.params(), self.hasher.state(),
                     json.dumps(self.limits, sort_keys=True), str(NEIGHBOURS)):
            h.update(f"{len(part)}:{part}".encode("utf-8", "surrogateescape"))
        for rel in sorted(self.sigs):
            sig = self.sigs[rel]
            name = rel.encode("utf-8", "surrogateescape")
            h.update(b"%d:%s%d:%d:" % (len(name), name, len(sig.prompt), len(sig.solution)) + sig.prompt + sig.solution)
        return h.hexdigest()

    def whole(self, report_for: set[str] | None) -> list[Finding]:
        rels = [self.rel(task_id) for task_id in self.repo.task_ids]
        known = {rel: sig for rel in rels if (sig := self._known(rel)) is not None}
        # The stored rows are needed for the signatures the engine did not compute, and, unless
        # the recorded outcome answers, to see which rows changed.
        stored = self.store.rows() if self.store is not None and len(known) < len(rels) else None
        for rel in rels:
            self.sigs[rel] = known[rel] if rel in known else self._from_files(rel, (stored or {}).get(rel))
        key = self.inputs_key() if self.store is not None else ""
        found = self._recorded(key)
        if found is None:
            found = self._fresh(key, rels, known, stored)
        return [f for f in found if report_for is None or f.path.rsplit("/", 1)[0] in report_for]

    def _recorded(self, key: str) -> list[Finding] | None:
        """The findings of the last whole pass, if it was made from the same inputs (`key`): as
        recorded when no pair was found or the base is the same, else the recorded pairs
        reported against this base."""
        recorded = _decode_outcome(self.store.outcome(key)) if self.store is not None else None
        if recorded is None:
            return None
        paired, base, found, pairs_text = recorded
        if not paired or base == self.repo.base_state():
            return found
        pairs = _decode_pairs(pairs_text)  # another base may make another task of a pair the newer
        if pairs is None:
            return None
        found = self.report(pairs)
        assert self.store is not None
        self.store.save({}, {}, outcome=(key, _encode_outcome(pairs, self.repo.base_state(), found)))
        return found

    def _fresh(self, key: str, rels: list[str], known: dict[str, Signature], stored: dict[str, Row] | None) -> list[Finding]:
        """The pass itself: every task in LSH buckets, compared with its bucket neighbours; the
        store updated and the outcome recorded under `key`."""
        if stored is None:
            stored = self.store.rows() if self.store is not None else {}
        for rel, sig in known.items():
            self._note(rel, sig, stored.get(rel))
        for rel in rels:
            self.keys[rel] = self.hasher.keys_of(self.sigs[rel])
        buckets: dict[bytes, list[str]] = defaultdict(list)
        candidates: dict[str, set[str]] = defaultdict(set)
        for rel in sorted(self.sigs):
            for band in self.keys[rel]:
                bucket = buckets[band]
                candidates[rel].update(bucket[-NEIGHBOURS:])
                bucket.append(rel)
        pairs: list[Pair] = []
        for rel in sorted(candidates):
            best = self.best_match(rel, candidates[rel], older=True) if candidates[rel] else None
            if best is not None:
                pairs.append((rel, *best))
        found = self.report(pairs)
        if self.store is not None:
            # Band keys of unchanged rows are current when the store is complete with these bands.
            fresh = self.store.complete(self.bands_id()) and self.store.hasher_state() == self.hasher.state()
            rows = self.changed if fresh else {rel: self.changed.get(rel) or (stored[rel][0], *self._blobs(rel)) for rel in self.sigs}
            forget = stored.keys() - self.sigs.keys()
            outcome = _encode_outcome(pairs, self.repo.base_state() if pairs else None, found)
            self.store.save(rows, {rel: self.keys[rel] for rel in rows}, forget=forget, complete=self.bands_id(),
                            hasher=self.hasher.state(), outcome=(key, outcome))
        return found

    def report(self, pairs: list[Pair]) -> list[Finding]:
        """The findings of the similar pairs: each on the pair's newer task, the most similar
        pair of a task only."""
        self.repo.at_base([self.task_id(r) for pair in pairs for r in (pair[0], pair[2])])  # one git call
        reported: dict[str, tuple[float, str, dict[str, float], list[str]]] = {}
        for later, margin, older, scores, over in pairs:
            task, other = (older, later) if self.newcomer(older, later) else (later, older)
            if task not in reported or margin > reported[task][0]:
                reported[task] = (margin, other, scores, over)
        return [self.finding(task, *reported[task][1:]) for task in sorted(reported)]

    def _blobs(self, rel: str) -> tuple[bytes, bytes]:
        return self.sigs[rel].prompt, self.sigs[rel].solution

    def partial(self, task_ids: list[str]) -> list[Finding]:
        """Touched tasks against the store's buckets: each compared with the tasks just before it
        in each of its buckets (what a whole run compares it with), and with those just after it,
        which name it when it is the newcomer of the pair (see `newcomer`)."""
        assert self.store is not None
        mine = sorted(self.rel(t) for t in task_ids)
        stored = self.store.rows(mine)
        for rel in mine:
            self.signature(rel, stored.get(rel))
        before: dict[str, set[str]] = defaultdict(set)
        after: dict[str, set[str]] = defaultdict(set)
        for rel in mine:
            for key in self.keys[rel]:
                # The bucket as it is now: touched tasks by their current keys, whatever the store had.
                near = [*self.store.near(key, rel, NEIGHBOURS + len(mine))]
                bucket = sorted({*(r for r in near if r not in mine), *(r for r in mine if key in self.keys[r])})
                position = bisect.bisect_left(bucket, rel)
                before[rel].update(bucket[max(0, position - NEIGHBOURS):position])
                after[rel].update(bucket[position + 1:position + 1 + NEIGHBOURS])
        wanted = sorted({c for cs in [*before.values(), *after.values()] for c in cs} - self.sigs.keys())
        wanted = [rel for rel in wanted if os.path.lexists(os.path.join(self.repo.root, rel))]
        rows = self.store.rows(wanted)
        for rel in wanted:
            if rel in rows:
                self.sigs[rel] = Signature(rows[rel][1], rows[rel][2])
        out = []
        for rel in mine:
            best = self._reported(rel, before[rel], after[rel])
            if best is not None and best[1] not in mine and self._refreshed([best[1]], rows):
                best = self._reported(rel, before[rel], after[rel])  # re-read before reporting it
            if best is not None:
                out.append(self.finding(rel, *best[1:]))
        self.store.save(self.changed, {rel: self.keys[rel] for rel in self.changed})
        return out

    def _reported(self, rel: str, before: set[str], after: set[str]) -> tuple[float, str, dict[str, float], list[str]] | None:
        """The pair `rel` reports, if any: its most similar older task (unless that one is the
        newcomer), or a later task when `rel` is the newcomer."""
        options = []
        older = self.best_match(rel, before, older=True)
        if older is not None and not self.newcomer(older[1], rel):
            options.append(older)
        later = self.best_match(rel, after, older=False)
        if later is not None and self.newcomer(rel, later[1]):
            options.append(later)
        return max(options, key=lambda option: option[0]) if options else None

    def _refreshed(self, rels: list[str], rows: dict[str, Row]) -> bool:
        """Re-read untouched tasks whose files changed since they were stored; True if any did."""
        changed = [rel for rel in rels if rel not in rows or _stat_signature(self.repo, self.task_id(rel), self.started) != rows[rel][0]]
        if not changed:
            return False
        self.repo.select([Path(self.repo.root, rel) for rel in changed])  # lists their files
        before = {rel: self.sigs.get(rel) for rel in changed}
        for rel in changed:
            self.signature(rel, rows.get(rel))
        return any(self.sigs[rel] != before[rel] for rel in changed)


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
