"""Calibration rules about counterexamples: each failed target attempt with code records where
its logic breaks (the shrunk input on which it differs from the ground truth, found by
`taskgate calibrate` with differential testing), bound to the task hash.

Called by hook.py's check once the record follows the schema (which checks each field's shape);
`record` is its `Record` (`.data`, `.finding(code, message, *json_path)`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taskgate.hooks.core.findings import Finding
from taskgate.hooks.core.registry import rule
from taskgate.hooks.rules.calibration import record as rec

MISSING = rule(
    "CAL012", "counterexample-missing", hook="calibration",
    summary="A failed target attempt with code records no counterexample (schema_version 2 records).",
    rationale="""The counterexample is the machine evidence of where the target's logic breaks: the
    input on which its answer differs from the ground truth's, shrunk. `taskgate calibrate`
    records one (or the reason there is none: agrees, unsupported, error, skipped) for every
    failed target attempt with code; a run without it was edited or made by hand.""",
    fix="""Run `taskgate calibrate TASK`: recorded attempts are reused and only the missing
    counterexamples are computed.""",
    limits="""Records with schema_version 1 were made before counterexamples were recorded and get
    the warning CAL014 instead.""",
)
MISMATCH = rule(
    "CAL013", "counterexample-mismatch", hook="calibration",
    summary="A run's counterexample fields do not match their counterexample_sha256 binding.",
    rationale="""A counterexample is bound to the record's task hash, the attempt's directory and its
    candidate's sha256, like the other evidence of the record: one edited by hand, or copied from
    another attempt or from a calibration of an earlier version of the task, describes nothing
    that was run.""",
    fix="""Do not edit counterexamples; restore the record, or re-run `taskgate calibrate TASK`
    (with `--fresh` if the record itself is in doubt) and commit what it writes.""",
    limits="""The binding is a hash, not a signature: a contributor who rewrites a counterexample and
    recomputes the hash is caught only by review or by re-running `taskgate difftest` on the
    attempt (the hook never runs code).""",
)
LEGACY = rule(
    "CAL014", "counterexamples-not-recorded", hook="calibration", severity="warning",
    summary="The record predates counterexamples (schema_version 1): its failed target attempts carry none.",
    rationale="""Records made before counterexamples were recorded are still valid calibrations, so
    this is a warning rather than an error that would fail every existing dataset; they lack the
    evidence of where the target's logic breaks that `reasoning_pivot` should rest on.""",
    fix="""Run `taskgate calibrate TASK`: the recorded attempts are reused (nothing is re-sampled)
    and each failed target attempt gets its counterexample; commit the new record.""",
)


def check(record: Any) -> Iterator[Finding]:
    data = record.data
    runs = data["runs"]
    task = record.task.rel
    hash_value = data["task_hash"]["value"]
    legacy = data["schema_version"] < rec.COUNTEREXAMPLES_SINCE
    lacking = []
    for i, run in enumerate(runs):
        has = "counterexample_status" in run
        if not rec.wants_counterexample(run):
            if has:
                yield record.finding("CAL010", f"runs[{i}] carries a counterexample but is not a failed target attempt with code", "runs", i, "counterexample_status")
            continue
        if not has:
            lacking.append(i)
            if not legacy:
                yield record.finding(MISSING, f"runs[{i}] ({_label(run)}) failed but records no counterexample; run `taskgate calibrate {task}` (it reuses the attempts)", "runs", i)
        elif run["counterexample_sha256"] != rec.counterexample_binding(hash_value, run):
            yield record.finding(
                MISMATCH,
                f"runs[{i}] ({_label(run)}): the counterexample does not match its counterexample_sha256 "
                "(edited by hand, or copied from another attempt or task version?); re-run `taskgate calibrate` rather than editing it",
                "runs", i, "counterexample" if run["counterexample"] is not None else "counterexample_status",
            )
    if legacy and lacking:
        yield record.finding(
            LEGACY,
            f"schema_version 1: {len(lacking)} failed target attempt(s) carry no counterexample; run `taskgate calibrate {task}` to add them (attempts are reused)",
            "schema_version",
        )


def _label(run: dict[str, Any]) -> str:
    return f"{run['role']} {run['model']} attempt {run['attempt']}"
