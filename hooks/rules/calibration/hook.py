"""Calibration rules: calibration.json is well formed, current, self-consistent and in band.

Pure: the record is checked against the task's files and the configured rule, never by running
anything (`taskgate verify-calibration` re-runs the candidates in CI). Every derived field
(summary, verdict) is recomputed from the raw runs, and the task hash from the task's files.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections.abc import Iterator
from typing import Any

from taskgate.hooks.rules.calibration import counterexamples
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace import resources
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import Loaded, LoadError, load_json
from taskgate.hooks.core.registry import rule, task_check
from taskgate.hooks.workspace.schema import validate
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import changed_files, task_hash

SCHEMA = "calibration.schema.json"
RECALIBRATE = "run `taskgate calibrate {task}`"

UNREADABLE = rule(
    "CAL001", "calibration-unreadable", hook="calibration",
    summary="calibration.json is not UTF-8, not valid JSON, too large, or not an object.",
    rationale="""The record is what review and CI rely on to know the task was calibrated; one that
    does not load says nothing.""",
    fix="Re-create it with `taskgate calibrate TASK` rather than editing it by hand.",
)
SCHEMA_RULE = rule(
    "CAL002", "calibration-schema", hook="calibration",
    summary="calibration.json violates schemas/calibration.schema.json.",
    rationale="""The record's shape is a contract between `taskgate calibrate`, this hook,
    `verify-calibration` and the trainers that read it; an unknown or ill-typed key is a hand edit
    or a record from an incompatible toolchain.""",
    fix="Re-create the record with `taskgate calibrate TASK`; the schema documents every key.",
)
DERIVED = rule(
    "CAL003", "verdict-mismatch", hook="calibration",
    summary="The record's summary or verdict differs from what its runs give.",
    rationale="""Labels are derived from raw facts, never the other way round: a summary or verdict
    that the runs do not support is a hand edit (or a bug) and would let a task through that the
    rule rejects.""",
    fix="""Do not edit the summary or verdict; re-run `taskgate calibrate TASK` (with `--extend N`
    for a borderline result) and commit what it writes.""",
)
STALE = rule(
    "CAL004", "calibration-stale", hook="calibration",
    summary="A ready task changed since it was calibrated (its task hash differs from the record's).",
    rationale="""A calibration measures one exact task: after the prompt, the tests, the ground
    truth or the environment change, the target's pass rate is unknown again.""",
    fix="Re-run `taskgate calibrate TASK` and commit the new calibration.json and calibration/.",
    limits="""Checked for ready tasks only, so drafts can be edited freely between calibrations.
    The environment digest needs an image build and is compared by `taskgate calibrate` and
    `verify-calibration`, not here.""",
)
FILES = rule(
    "CAL005", "attempt-file-mismatch", hook="calibration",
    summary="A candidate or response file the record names is missing or does not match its sha256.",
    rationale="""The committed candidates are the evidence behind the verdict; CI re-runs them.
    A missing or altered file means the record no longer describes what was run.""",
    fix="""Restore the file from the commit that calibrated the task (the files under calibration/
    are written by the tool, never edited), or re-run `taskgate calibrate TASK`.""",
)
NOT_IN_BAND = rule(
    "CAL006", "not-in-band", hook="calibration",
    summary="A ready task's calibration verdict is not in-band.",
    rationale="""A task is a useful training signal only when the target model sometimes fails it
    (at least 2 of 5 by default) and a reference model can solve it: too-easy tasks teach nothing
    and too-cold ones are usually flawed or ambiguous.""",
    fix="""Make the task harder (too-easy), fix or clarify it (too-cold), or finish calibrating it
    (incomplete), then re-run `taskgate calibrate TASK`; otherwise set `status: draft`.""",
)
NO_PIVOT = rule(
    "CAL007", "missing-reasoning-pivot", hook="calibration",
    summary="A ready task's calibration.json has an empty reasoning_pivot.",
    rationale="""The reasoning pivot says where the target's reasoning breaks; it is how a reviewer
    knows the failures come from the intended difficulty rather than from a flaw in the task.""",
    fix="""Read the failed target responses under calibration/attempts/ and describe the step where
    they go wrong in `reasoning_pivot` (it is kept when the task is re-calibrated).""",
)
RULE_MISMATCH = rule(
    "CAL008", "rule-mismatch", hook="calibration",
    summary="The record applied different thresholds from the ones configured in taskgate.yaml.",
    rationale="""All tasks of a dataset must clear the same bar; a record made under a weaker (or
    merely different) rule does not show that this task clears the dataset's.""",
    fix="Re-run `taskgate calibrate TASK` with the repository's configuration.",
)
STRAY = rule(
    "CAL009", "stray-calibration-file", hook="calibration",
    summary="A file under calibration/ is not referenced by calibration.json.",
    rationale="""calibration/ holds only the evidence of the current record; leftovers from an
    earlier calibration (or hand-made files) are mistaken for evidence and bloat the repository.""",
    fix="Delete the file; `taskgate calibrate` removes attempts that are no longer part of the record.",
)
INCONSISTENT = rule(
    "CAL010", "runs-inconsistent", hook="calibration",
    summary="The runs contradict each other or the rule (duplicates, gaps, wrong directory, surplus attempts).",
    rationale="""Each run is one sampled attempt at one place on disk, numbered 1..n per model;
    duplicated, missing or surplus attempts, mixed sampling settings or an extension of a result
    that was not borderline all mean the counts behind the verdict were chosen rather than
    measured.""",
    fix="Re-create the record with `taskgate calibrate TASK` (`--extend N` only for a borderline result).",
)


@functools.cache
def record_schema() -> dict[str, Any]:
    """The calibration schema with its local `$ref`s inlined: the same constraints, validated
    about three times faster (resolving references dominates jsonschema's time on a record)."""
    schema = resources.schema(SCHEMA)
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) <= 2:
                extra = {k: v for k, v in node.items() if k != "$ref"}
                return {**inline(defs[ref[len("#/$defs/"):]]), **extra}
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


def normalized(rel: str) -> bool:
    """A plain relative path: no `.`/`..` segments, no doubled or trailing slash."""
    return posixpath.normpath(rel) == rel and not rel.startswith(("/", "../")) and rel != ".."


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Record:
    """The loaded record; positions come from its text, found when a finding asks."""

    def __init__(self, task: Task, loaded: Loaded) -> None:
        self.task = task
        self.loaded = loaded
        self.data: dict[str, Any] = loaded.data
        self.where = task.path(rec.RECORD)

    def at(self, *path: Any, key: bool = False) -> tuple[int, int]:
        return self.loaded.locate(path, key)

    def finding(self, code: str, message: str, *path: Any) -> Finding:
        return finding(code, self.where, message, *self.at(*path))


def load_record(task: Task) -> Record | Finding | None:
    """The task's record, or a CAL001 finding, or None when there is no calibration.json file."""
    if task.top_level.get(rec.RECORD) not in ("file", "symlink"):
        return None  # absent (LAY001 decides whether it is required) or the wrong kind (LAY007)
    where = task.path(rec.RECORD)
    text = task.text(rec.RECORD)
    if isinstance(text, LoadError):
        return finding(UNREADABLE, where, f"calibration.json {text.message}", text.line, text.column)
    loaded = load_json(text)
    if loaded.error:
        return finding(UNREADABLE, where, f"calibration.json: {loaded.error.message}", loaded.error.line, loaded.error.column)
    if not isinstance(loaded.data, dict):
        return finding(UNREADABLE, where, "calibration.json must be a JSON object")
    return Record(task, loaded)


@task_check("calibration")
def check_calibration(task: Task, ctx: Context) -> Iterator[Finding]:
    record = load_record(task)
    if record is None:
        if task.top_level.get(rec.RECORD) is None:
            for entry in task.files_under(rec.CAL_DIR):
                yield finding(STRAY, task.path(entry.rel), "calibration/ without a calibration.json; delete it or run `taskgate calibrate`")
        return
    if isinstance(record, Finding):
        yield record
        return
    problems = validate(record.data, record_schema(), record.loaded.locate)
    if problems:
        for problem in problems:
            yield finding(SCHEMA_RULE, record.where, problem.message, problem.line, problem.column)
        return
    fix = RECALIBRATE.format(task=task.rel)
    yield from _check_rule(record, ctx, fix)
    yield from _check_runs(record)
    yield from counterexamples.check(record)
    yield from _check_derived(record, fix)
    yield from _check_files(record)
    if task.status == "ready":
        yield from _check_stale(record, fix)
        yield from _check_ready(record)


def _check_rule(record: Record, ctx: Context, fix: str) -> Iterator[Finding]:
    wanted = rec.configured_rule(ctx.config)
    recorded = record.data["rule"]
    for key in rec.RULE_KEYS:
        if recorded[key] != wanted[key]:
            yield record.finding(RULE_MISMATCH, f"rule.{key} is {recorded[key]} but taskgate.yaml sets {wanted[key]}; {fix}", "rule", key)


def _check_runs(record: Record) -> Iterator[Finding]:
    runs = record.data["runs"]
    rule_ = record.data["rule"]
    seen: dict[tuple[str, str, int], int] = {}
    roles: dict[str, str] = {}
    sampling: dict[str, tuple[Any, ...]] = {}
    for i, run in enumerate(runs):
        key = (run["role"], run["model"], run["attempt"])
        if key in seen:
            yield record.finding(INCONSISTENT, f"runs[{i}] repeats {run['role']} {run['model']} attempt {run['attempt']} (runs[{seen[key]}])", "runs", i, "attempt")
        seen.setdefault(key, i)
        if roles.setdefault(run["model"], run["role"]) != run["role"]:
            yield record.finding(INCONSISTENT, f"runs[{i}]: model {run['model']!r} is both target and reference", "runs", i, "role")
        s = run["sampling"]
        settings = (s["temperature"], s["top_p"], s["max_tokens"], s["seed"] is None)
        if sampling.setdefault(run["model"], settings) != settings:
            yield record.finding(INCONSISTENT, f"runs[{i}]: {run['model']} sampled with different settings from its other attempts", "runs", i, "sampling")
        expected_dir = rec.attempt_dir(run["role"], run["model"], run["attempt"])
        if run["dir"] != expected_dir:
            yield record.finding(INCONSISTENT, f"runs[{i}].dir is {run['dir']!r}; this attempt's directory is {expected_dir!r}", "runs", i, "dir")
        candidate = run["candidate"]
        if candidate is None and run["outcome"] != "fail":
            yield record.finding(INCONSISTENT, f"runs[{i}] has no candidate (no code in the response) but outcome {run['outcome']!r}; it is a failed attempt", "runs", i, "outcome")
        if candidate is not None and (not candidate["path"].startswith(run["dir"] + "/solution/") or not normalized(candidate["path"])):
            yield record.finding(INCONSISTENT, f"runs[{i}].candidate.path is outside {run['dir']}/solution/", "runs", i, "candidate", "path")
    numbers: dict[str, set[int]] = {}
    for run in runs:
        numbers.setdefault(run["model"], set()).add(run["attempt"])
    for model, got in sorted(numbers.items()):
        missing = sorted(set(range(1, max(got) + 1)) - got)
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
            yield record.finding(INCONSISTENT, f"{model} has no run for attempt {shown}; attempts are numbered 1..n without gaps (a dropped attempt is a chosen sample)", "runs")
    targets = sorted({r["model"] for r in runs if r["role"] == "target"})
    if len(targets) > 1:
        yield record.finding(INCONSISTENT, f"runs name {len(targets)} target models ({', '.join(targets)}); a record has one", "runs")
    summary = rec.summarize(runs)
    required = rec.target_required(rule_)
    for model, s in summary.items():
        limit = required if s["role"] == "target" else int(rule_["reference_attempts"])
        if s["n"] > limit:
            yield record.finding(INCONSISTENT, f"{s['role']} {model} has {s['n']} counted attempts; the rule asks for {limit}", "runs")
    extended = rule_["extended_target_attempts"]
    if extended is not None:
        if extended <= rule_["target_attempts"]:
            yield record.finding(INCONSISTENT, f"rule.extended_target_attempts ({extended}) must exceed target_attempts ({rule_['target_attempts']})", "rule", "extended_target_attempts")
        else:
            base = rec.base_target_failures(runs, rule_)
            if base is not None and not rec.borderline(base, rule_):
                yield record.finding(
                    INCONSISTENT,
                    f"target sampling was extended to {extended} but its first {rule_['target_attempts']} attempts "
                    f"({base} failed) were not borderline; extend only results within one failure of {rule_['min_target_failures']}",
                    "rule", "extended_target_attempts",
                )


def _check_derived(record: Record, fix: str) -> Iterator[Finding]:
    derived = rec.derive(record.data["rule"], record.data["runs"])
    recorded = record.data["summary"]
    if recorded != derived.summary:
        models = sorted(set(recorded) | set(derived.summary))
        for model in models:
            if recorded.get(model) != derived.summary.get(model):
                want = derived.summary.get(model)
                why = f"the runs give {_fmt(want)}" if want else "no run uses this model"
                path = ("summary", model) if model in recorded else ("summary",)
                yield record.finding(DERIVED, f"summary of {model} is {_fmt(recorded.get(model))} but {why}; {fix}", *path)
    if record.data["verdict"] != derived.verdict:
        yield record.finding(
            DERIVED,
            f"verdict is {record.data['verdict']!r} but the runs give {derived.verdict!r} ({rec.describe(derived.summary) or 'no runs'}); {fix}",
            "verdict",
        )


def _fmt(entry: Any) -> str:
    if not entry:
        return "absent"
    return f"{entry['role']} {entry['n_pass']}/{entry['n']} passed"


def _check_files(record: Record) -> Iterator[Finding]:
    task = record.task
    referenced: set[str] = set()
    for i, run in enumerate(record.data["runs"]):
        response = f"{run['dir']}/{rec.RESPONSE}"
        referenced.add(response)
        yield from _check_file(record, response, run["response_sha256"], ("runs", i, "response_sha256"), f"runs[{i}] response")
        candidate = run["candidate"]
        if candidate is not None:
            referenced.add(candidate["path"])
            yield from _check_file(record, candidate["path"], candidate["sha256"], ("runs", i, "candidate", "sha256"), f"runs[{i}] candidate")
    for entry in task.files_under(rec.CAL_DIR):
        if entry.rel not in referenced:
            yield finding(STRAY, task.path(entry.rel), "not referenced by calibration.json (left over from an earlier calibration?); delete it")


def _check_file(record: Record, rel: str, digest: str, path: tuple[Any, ...], what: str) -> Iterator[Finding]:
    task = record.task
    entry = task.entries.get(rel)
    if entry is None:
        yield record.finding(FILES, f"{what} {rel} is missing (not committed?)", *path)
        return
    if entry.is_symlink or not entry.is_regular:
        yield record.finding(FILES, f"{what} {rel} is not a regular file", *path)
        return
    raw = task.read(rel)
    if isinstance(raw, LoadError):
        yield record.finding(FILES, f"{what} {rel} {raw.message}", *path)
    elif _sha256(raw) != digest:
        yield record.finding(FILES, f"{what} {rel} does not match its sha256 in the record (edited after calibration?)", *path)


def _check_stale(record: Record, fix: str) -> Iterator[Finding]:
    value, files = task_hash(record.task)
    recorded = record.data["task_hash"]
    if recorded["value"] == value:
        return
    changed = changed_files(recorded["files"], files)
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        message = f"calibration is stale: {shown} changed since the task was calibrated; {fix}"
    else:
        message = f"calibration is stale: task_hash.value does not match the task's files (the per-file hashes were edited?); {fix}"
    yield record.finding(STALE, message, "task_hash", "value")


def _check_ready(record: Record) -> Iterator[Finding]:
    verdict = record.data["verdict"]
    if verdict != "in-band":
        why = {
            "too-easy": "the target fails too rarely",
            "too-cold": "no reference model solved it",
            "incomplete": "attempts are missing",
        }.get(verdict, "")
        summary = rec.describe(record.data["summary"])
        yield record.finding(NOT_IN_BAND, f"status is ready but the calibration verdict is {verdict!r}: {why} ({summary})", "verdict")
    if not record.data["reasoning_pivot"].strip():
        yield record.finding(NO_PIVOT, "status is ready but reasoning_pivot is empty; say where the target's reasoning breaks", "reasoning_pivot")

