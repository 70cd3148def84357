"""`taskgate verify-calibration`: re-run every recorded candidate and compare with the record.

For each task: the static calibration checks of the record's integrity (schema, derived verdict,
task hash, file hashes; not the readiness rules CAL006/CAL007, which `taskgate check` reports;
warnings such as CAL014 are notes);
then, for every run, the candidate must be exactly the code `taskgate calibrate` extracts from
the recorded response (a candidate swapped for another file is caught even with a matching
sha256), and every candidate whose run counted is executed again in the sandbox: its outcome and
per-test counts must equal the record. A forged outcome and a flaky test both fail the gate,
naming the attempt. Runs recorded as infra_error are not re-run (they carry no outcome).
"""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass, field
from typing import Any

from taskgate.ci.calibration import store
from taskgate.ci.calibration.calibrate import AttemptRun, Sandbox
from taskgate.ci.calibration.chat import content
from taskgate.ci.calibration.extract import extract_code
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.rules.calibration.hook import load_record
from taskgate.hooks.rules.ci_emitted import NOT_REPRODUCED
from taskgate.hooks.core import registry
from taskgate.hooks.core.engine import check_task, make_context
from taskgate.hooks.output import formats
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.task import Task

TEST_KEYS = ("passed", "failed", "errors", "skipped")
# Whether a ready task is in band and explained is `taskgate check`'s business; the replay checks
# that the record is intact and true.
READINESS = frozenset({"CAL006", "CAL007"})


@dataclass
class Verified:
    task: str
    problems: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reran: int = 0


def _counts(tests: dict[str, Any]) -> str:
    return ", ".join(f"{tests.get(k, 0)} {k}" for k in TEST_KEYS if tests.get(k))


def _label(i: int, run: dict[str, Any]) -> str:
    return f"runs[{i}] ({run['role']} {run['model']} attempt {run['attempt']})"


def check_extraction(task: Task, i: int, run: dict[str, Any]) -> str | None:
    """Why the candidate is not the code of the recorded response, or None."""
    body = store.stored_response(task, run)
    if body is None:
        return f"{_label(i, run)}: {run['dir']}/{rec.RESPONSE} is missing or not JSON"
    code = extract_code(content(body), task.language)
    candidate = run["candidate"]
    if code is None:
        return None if candidate is None else f"{_label(i, run)}: the response has no code block, but the record names a candidate"
    if candidate is None:
        return f"{_label(i, run)}: the response has code but the record says it had none"
    actual = task.read(candidate["path"]) if candidate["path"] in task.entries else None
    if not isinstance(actual, bytes):
        return None  # the static check reports the missing or unreadable file
    if actual != code.encode("utf-8"):
        return f"{_label(i, run)}: {candidate['path']} is not the code extracted from its response"
    return None


def compare(i: int, run: dict[str, Any], results: list[AttemptRun]) -> str | None:
    """Why the re-runs disagree with the record (or with each other), or None."""
    if any(r.outcome == "infra_error" for r in results):
        bad = next(r for r in results if r.outcome == "infra_error")
        return f"{_label(i, run)}: the sandbox failed on re-run ({bad.detail or 'infra error'}); cannot verify"
    seen = {(r.outcome, tuple(int(r.tests.get(k, 0)) for k in TEST_KEYS)) for r in results}
    if len(seen) > 1:
        shown = "; ".join(f"{r.outcome} ({_counts(r.tests) or 'no tests'})" for r in results)
        return f"{_label(i, run)}: flaky: re-runs disagree: {shown}"
    outcome, counts = seen.pop()
    recorded_counts = tuple(int(run["tests"][k]) for k in TEST_KEYS)
    if outcome != run["outcome"]:
        return f"{_label(i, run)}: recorded {run['outcome']}, re-run gives {outcome} ({_counts(results[0].tests) or 'no tests'})"
    if counts != recorded_counts:
        return f"{_label(i, run)}: recorded tests ({_counts(run['tests']) or 'none'}) differ from the re-run ({_counts(results[0].tests) or 'none'})"
    return None


def verify_task(repo: Repo, task: Task, sandbox: Sandbox, pool: cf.Executor, repeat: int = 1) -> Verified:
    out = Verified(task.rel)
    ctx = make_context(repo, "merge")
    for found in check_task(task, ctx, ("calibration",)):
        if registry.severity(found.code) == "warning":  # e.g. CAL014 on a record made before counterexamples
            out.notes.append(formats.line(found))
        elif found.code not in READINESS:
            out.problems.append(found)
    record = load_record(task)
    if record is None:
        out.problems.append(finding("CAL001", task.path(rec.RECORD), "no calibration.json to verify"))
        return out
    if isinstance(record, Finding) or any(f.code in ("CAL001", "CAL002") for f in out.problems):
        return out
    runs = record.data["runs"]
    for i, run in enumerate(runs):
        why = check_extraction(task, i, run)
        if why:
            out.problems.append(record.finding(NOT_REPRODUCED, why, "runs", i, "candidate"))
    environment = sandbox.environment(task)
    if environment != record.data["environment_digest"]:
        out.notes.append(f"re-run in environment {environment}; the record was made in {record.data['environment_digest']}")
    todo = [(i, run) for i, run in enumerate(runs) if run["candidate"] is not None and run["outcome"] != "infra_error"]
    futures = {(i, k): pool.submit(sandbox.run, task, run["dir"] + "/solution") for i, run in todo for k in range(repeat)}
    for i, run in todo:
        results = []
        for k in range(repeat):
            try:
                results.append(futures[(i, k)].result())
            except Exception as exc:  # noqa: BLE001 - a sandbox failure is reported, never raised
                results.append(AttemptRun("infra_error", {}, 0.0, f"{type(exc).__name__}: {exc}"))
        out.reran += 1
        why = compare(i, run, results)
        if why:
            out.problems.append(record.finding(NOT_REPRODUCED, why, "runs", i, "outcome"))
    return out


def verify(repo: Repo, task_ids: list[str], sandbox: Sandbox, *, repeat: int = 1) -> list[Verified]:
    workers = int(rec.settings(repo.config)["concurrency"])
    results = []
    with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verify") as pool:
        for task_id in task_ids:
            task = repo.task(task_id)
            try:
                results.append(verify_task(repo, task, sandbox, pool, repeat))
            except Exception as exc:  # noqa: BLE001 - e.g. the environment does not build
                failed = Verified(task.rel)
                failed.problems.append(finding(NOT_REPRODUCED, task.path(rec.RECORD), f"cannot verify: {' '.join(str(exc).split())}"))
                results.append(failed)
    return results
