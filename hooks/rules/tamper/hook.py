"""The tamper scan of committed calibration attempts (part of the `calibration` hook).

An attempt that calibration.json counts as a pass must not tamper with the reward function:
each TMP0xx hit in its candidate is reported at its line. Attempts recorded as failures are not
reported (tampering there was already counted as a failure), and neither is whatever the task's
ground truth does itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.core.registry import task_check
from taskgate.hooks.rules.tamper import scan
from taskgate.hooks.rules.tamper import rules as _rules  # noqa: F401 - declares the TMP rules
from taskgate.hooks.workspace.task import Task

RECORD = "calibration.json"


def reference_hits(task: Task) -> list[scan.Hit]:
    files = {}
    for entry in task.files_under("solution"):
        data = task.read(entry.rel)
        if not isinstance(data, LoadError):
            files[entry.rel[len("solution/"):]] = data
    return scan.scan_files(files, candidate_is_tests=task.category == "testing")


@task_check("calibration")
def tampering_attempts(task: Task, ctx: Context) -> Iterator[Finding]:
    if RECORD not in task.entries:
        return
    raw = task.read(RECORD)
    try:
        record = json.loads(raw) if not isinstance(raw, LoadError) else None
    except ValueError:
        return  # CAL001 reports it
    runs = record.get("runs") if isinstance(record, dict) else None
    if not isinstance(runs, list):
        return
    passed = sorted({run["candidate"]["path"] for run in runs if isinstance(run, dict) and run.get("outcome") == "pass"
                     and isinstance(run.get("candidate"), dict) and isinstance(run["candidate"].get("path"), str)})
    candidates = {}
    for rel in passed:
        if rel.endswith((".py", ".pyw")) and rel in task.entries:
            data = task.read(rel)
            if not isinstance(data, LoadError):
                candidates[rel] = data
    if not candidates:
        return
    hits = scan.beyond_reference(scan.scan_files(candidates, candidate_is_tests=task.category == "testing"), reference_hits(task))
    for hit in hits:
        yield finding(hit.code, task.path(hit.file), f"{hit.message} in an attempt calibration.json counts as a pass; "
                      "tampering is a failure: re-run `taskgate calibrate`", hit.line, hit.column)
