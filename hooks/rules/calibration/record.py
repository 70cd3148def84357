"""The calibration record's derived fields, computed from its raw runs (pure; no I/O).

`taskgate calibrate` writes a record with these functions and the calibration hook recomputes
them from the record's `runs`, so a hand-edited summary or verdict cannot survive review.

The rule (handbook, Phase II): the target model must fail at least `min_target_failures` of
`target_attempts` counted attempts, and some reference model must pass at least
`min_reference_passes` of its `reference_attempts`. Runs whose outcome is `infra_error` (the
sandbox failed, not the candidate) do not count. After `--extend N` the target has N attempts and
the threshold applies to the failure rate: failures / N >= min_target_failures / target_attempts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.config import CONFIG_SCHEMA, Config

RECORD = "calibration.json"
CAL_DIR = "calibration"
ATTEMPTS_DIR = "calibration/attempts"
RESPONSE = "response.json"
ROLES = ("target", "reference")
RULE_KEYS = ("target_attempts", "min_target_failures", "reference_attempts", "min_reference_passes")

# Counterexamples (docs/calibration.md): every failed target attempt with code carries the result
# of differential testing against the ground truth, from this record schema version on.
SCHEMA_VERSION = 2
COUNTEREXAMPLES_SINCE = 2
COUNTEREXAMPLE_STATUSES = ("differs", "agrees", "unsupported", "error", "skipped")
COUNTEREXAMPLE_KEYS = ("counterexample", "counterexample_status", "counterexample_reason", "counterexample_sha256")

_SLUG_BAD = re.compile(r"[^a-z0-9._-]+")


def settings(config: Config) -> dict[str, Any]:
    """The `calibration:` section of taskgate.yaml with the schema's defaults filled in."""
    props = resources.schema(CONFIG_SCHEMA)["properties"]["calibration"]["properties"]
    out = {key: spec["default"] for key, spec in props.items()}
    out.update(config.section("calibration"))
    return out


def configured_rule(config: Config, extended: int | None = None) -> dict[str, Any]:
    values = settings(config)
    rule = {key: int(values[key]) for key in RULE_KEYS}
    rule["extended_target_attempts"] = extended
    return rule


def slug(model: str) -> str:
    """A model name as a directory-name component: `Qwen/Qwen2.5-7B` -> `qwen-qwen2.5-7b`."""
    out = _SLUG_BAD.sub("-", model.lower()).strip("-.")
    return out or "model"


def attempt_dir(role: str, model: str, attempt: int) -> str:
    return f"{ATTEMPTS_DIR}/{role}-{slug(model)}-{attempt}"


def counts(run: Mapping[str, Any]) -> bool:
    """Whether a run counts as an attempt: infra errors do not."""
    return run.get("outcome") != "infra_error"


def wants_counterexample(run: Mapping[str, Any]) -> bool:
    """A failed target attempt with code: where the target's logic breaks can be shown."""
    return run.get("role") == "target" and run.get("outcome") == "fail" and run.get("candidate") is not None


def counterexample_binding(task_hash_value: str, run: Mapping[str, Any]) -> str:
    """The sha256 binding a run's counterexample fields to the task hash, the attempt and its
    candidate: edited by hand, or copied from another record or attempt, they no longer match."""
    candidate = run.get("candidate")
    bound = {
        "task_hash": task_hash_value,
        "dir": run.get("dir"),
        "candidate_sha256": candidate.get("sha256") if isinstance(candidate, Mapping) else None,
        **{key: run.get(key) for key in COUNTEREXAMPLE_KEYS if key != "counterexample_sha256"},
    }
    data = json.dumps(bound, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def counterexample_bound(task_hash_value: str, run: Mapping[str, Any]) -> bool:
    """Whether the run carries counterexample fields whose binding matches."""
    return "counterexample_status" in run and run.get("counterexample_sha256") == counterexample_binding(task_hash_value, run)


def target_required(rule: Mapping[str, Any]) -> int:
    return int(rule.get("extended_target_attempts") or rule["target_attempts"])


def summarize(runs: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per model: its role, counted attempts and passes (models sorted by name)."""
    out: dict[str, dict[str, Any]] = {}
    for run in runs:
        entry = out.setdefault(run["model"], {"role": run["role"], "n": 0, "n_pass": 0})
        if counts(run):
            entry["n"] += 1
            entry["n_pass"] += run["outcome"] == "pass"
    return dict(sorted(out.items()))


def in_band_rate(failures: int, n: int, rule: Mapping[str, Any]) -> bool:
    """failures / n >= min_target_failures / target_attempts, in integers."""
    return failures * int(rule["target_attempts"]) >= int(rule["min_target_failures"]) * n


def verdict(rule: Mapping[str, Any], summary: Mapping[str, Mapping[str, Any]], expected_references: Iterable[str] | None = None) -> str:
    """`incomplete` until every model has its attempts; then `too-cold` when no reference model
    reached `min_reference_passes`, `too-easy` when the target failed too rarely, else `in-band`.

    `expected_references` (the configured reference models) makes a missing reference model's
    absence count as incomplete; the hook, which only has the record, passes None.
    """
    targets = [s for s in summary.values() if s["role"] == "target"]
    references = {m: s for m, s in summary.items() if s["role"] == "reference"}
    if expected_references is not None and any(m not in references for m in expected_references):
        return "incomplete"
    if len(targets) != 1 or not references:
        return "incomplete"
    target = targets[0]
    if target["n"] < target_required(rule) or any(s["n"] < int(rule["reference_attempts"]) for s in references.values()):
        return "incomplete"
    if not any(s["n_pass"] >= int(rule["min_reference_passes"]) for s in references.values()):
        return "too-cold"
    if not in_band_rate(target["n"] - target["n_pass"], target["n"], rule):
        return "too-easy"
    return "in-band"


def borderline(failures: int, rule: Mapping[str, Any]) -> bool:
    """A base result (of `target_attempts` counted attempts) near the threshold, on either side:
    failures equal to the minimum or one short of it. With 5 / 2: the target passed 3 or 4 of 5."""
    need = int(rule["min_target_failures"])
    return failures in (need, need - 1)


def base_target_failures(runs: Iterable[Mapping[str, Any]], rule: Mapping[str, Any]) -> int | None:
    """Failures among the first `target_attempts` counted target attempts (by attempt number),
    or None when there are fewer."""
    counted = sorted((r for r in runs if r["role"] == "target" and counts(r)), key=lambda r: r["attempt"])
    base = counted[: int(rule["target_attempts"])]
    if len(base) < int(rule["target_attempts"]):
        return None
    return sum(r["outcome"] != "pass" for r in base)


def run_sort_key(run: Mapping[str, Any]) -> tuple[int, str, int]:
    return (ROLES.index(run["role"]) if run["role"] in ROLES else 2, str(run["model"]), int(run["attempt"]))


def describe(summary: Mapping[str, Mapping[str, Any]]) -> str:
    """`target m: 2/5 passed; reference r: 3/3 passed` for messages."""
    parts = [f"{s['role']} {m}: {s['n_pass']}/{s['n']} passed" for m, s in sorted(summary.items(), key=lambda kv: (ROLES.index(kv[1]["role"]), kv[0]))]
    return "; ".join(parts)


@dataclass(frozen=True)
class Derived:
    summary: dict[str, dict[str, Any]]
    verdict: str


def derive(rule: Mapping[str, Any], runs: Iterable[Mapping[str, Any]], expected_references: Iterable[str] | None = None) -> Derived:
    summary = summarize(runs)
    return Derived(summary, verdict(rule, summary, expected_references))
