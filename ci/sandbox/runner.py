"""Running a task's reward function on one candidate: `run(setup, candidate) -> RunResult`.

The candidate goes to /task/solution, the task's tests/ and subject/ beside it (all read-only),
and `test_command` runs from /task in the sandbox (see `sandbox.py`) with a reporter added
(`harness.py`). The verdict:
- `pass`: the reporter's file is complete and every test passed (a skipped test is not a pass);
  when the ground truth's tests are given as `expected`, each of them ran and passed;
- `fail`: anything else the candidate can cause: failures, errors, skips, no tests, tests that
  did not run, a missing report (the process exited before writing it: `sys.exit`, `os._exit`,
  a crash), an exit status that disagrees with the report, a candidate refused before running;
- `infra`: the run could not complete (timeout, OOM kill, engine error, missing image). These
  are retried up to `retries` times and never reported as a test failure. Test failures are
  never retried.
"""

from __future__ import annotations

import hashlib
import json
import os
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.sandbox import evidence
from taskgate.ci.sandbox.conditions import BASELINE, Conditions, ImageFacts, clock_files, image_facts
from taskgate.ci.images.docker_engine import EngineError
from taskgate.ci.sandbox.harness import FAILED, PASSED, REPORT_FILE, SKIPPED, Harness, TestOutcome, instrument, parse
from taskgate.ci.sandbox.container import Execution, Job, Limits, execute
from taskgate.ci.images.taskimage import TaskImage
from taskgate.hooks.rules.tamper import scan as tamper
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import Task
from taskgate.hooks.workspace.taskhash import combine
from taskgate.ci.sandbox.order import runner_of

if TYPE_CHECKING:
    import docker

PLUGIN = "taskgate_pytest"
WITNESS = "taskgate_witness"
SUPERVISOR = "taskgate_supervisor"
CHILD_PRELOAD = "TASKGATE_CHILD_LD_PRELOAD"  # the supervisor sets LD_PRELOAD from it for pytest alone
PLUGIN_DIR = ".taskgate/py"
# Preloaded into every Node process of a run: freezes what a test file calls assertions through.
GUARD = "taskgate_guard.js"
GUARD_FILE = f".taskgate/js/{GUARD}"
MARKERS_FILE = "markers.json"
OUTPUT_TAIL = 8192
DEFAULT_TIMEOUT = 60


@dataclass
class Setup:
    """Everything fixed across the runs of one task."""

    task: Task
    client: docker.DockerClient
    image: TaskImage
    facts: ImageFacts
    harness: Harness
    fixed: dict[str, bytes]  # tests/… and subject/…, relative to /task
    tests_hash: str
    gt: cand.Candidate
    timeout: float
    limits: Limits
    retries: int
    memo: dict[str, Any] = field(default_factory=dict)
    # How a job runs: a fresh container (default) or a warm one (`warm.WarmPool`, the reward's).
    executor: Callable[[Any, Job], Execution] = execute

    @property
    def candidate_is_tests(self) -> bool:
        return self.task.category == "testing"


def prepare(task: Task, client: docker.DockerClient, image: TaskImage, *, limits: Limits, retries: int,
            executor: Callable[[Any, Job], Execution] = execute) -> Setup:
    """Raises `EngineError` (one line) when the engine cannot describe the image."""
    import docker.errors

    try:
        facts = image_facts(client, image.image_id)
    except (docker.errors.DockerException, OSError) as exc:
        raise EngineError(f"{task.rel}: the Docker engine failed while inspecting {image.image_id[:19]}: {' '.join(str(exc).split())[:200]}") from exc
    fixed: dict[str, bytes] = {}
    for top in ("tests", "subject"):
        for entry in task.files_under(top):
            data = task.read(entry.rel)
            if not isinstance(data, LoadError):
                fixed[entry.rel] = data
    gt_files = {}
    for entry in task.files_under(cand.SOLUTION):
        data = task.read(entry.rel)
        if not isinstance(data, LoadError):
            gt_files[entry.rel[len(cand.SOLUTION) + 1:]] = data
    command = task.meta.get("test_command")
    argv = [str(a) for a in command] if isinstance(command, list) and command else []
    timeout = task.meta.get("timeout_seconds")
    return Setup(
        task=task, client=client, image=image, facts=facts, harness=instrument(argv),
        fixed=fixed, tests_hash=combine({rel: hashlib.sha256(data).hexdigest() for rel, data in fixed.items()}),
        gt=cand.Candidate("ground truth", gt_files),
        timeout=float(timeout) if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > 0 else DEFAULT_TIMEOUT,
        limits=limits, retries=retries, executor=executor,
    )


@dataclass
class RunResult:
    verdict: str  # pass | fail | hack | infra
    reason: str
    candidate: str
    candidate_hash: str
    harness: str
    conditions: dict[str, str]
    tests: list[TestOutcome] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # expected tests that did not run
    exit_code: int | None = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""
    seconds: float = 0.0
    markers: dict[str, Any] = field(default_factory=dict)  # from taskgate's pytest plugin
    notes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # why the verdict is hack
    witnessed: bool = False  # per-test results came from the supervisor, not from a report file

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    def outcomes(self) -> dict[str, str]:
        return {t.id: t.outcome for t in self.tests}

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for t in self.tests:
            counts[t.outcome] = counts.get(t.outcome, 0) + 1
        if self.missing:
            counts["missing"] = len(self.missing)
        return {
            "verdict": self.verdict, "reason": self.reason,
            "candidate": {"label": self.candidate, "hash": self.candidate_hash},
            "harness": self.harness, "conditions": self.conditions, "exit_code": self.exit_code,
            "counts": dict(sorted(counts.items())), "tests": [t.as_dict() for t in self.tests],
            "missing": self.missing, "attempts": self.attempts, "notes": self.notes,
            "evidence": self.evidence, "witnessed": self.witnessed,
            "seconds": self.seconds, "output_tail": self.output,
        }


def run(
    setup: Setup,
    candidate: cand.Candidate,
    conditions: Conditions = BASELINE,
    *,
    expected: list[str] | None = None,
    reference_plugin: bool = False,
    subject: dict[str, bytes] | None = None,
    scan: bool = False,
) -> RunResult:
    """One candidate under one set of conditions, retried on infrastructure failures only.

    `expected`: the ground truth's test ids, each of which must run and pass. `subject`: files
    (task-relative `subject/...`) replacing the task's subject/ (a meta mutant). `scan`: apply the
    static tamper scan first (TMP0xx beyond what the ground truth does); a hit is a HACK, not run."""
    harness = setup.harness
    described = conditions.describe(setup.facts, runner_of(harness.name, harness.argv))
    base = RunResult("fail", "", candidate.label, candidate.hash, harness.name, described, notes=list(candidate.notes))
    if not harness.argv:
        base.verdict, base.reason = "infra", "task.yaml has no usable test_command"
        return base
    installed = installed_modules(setup) if setup.task.language == "python" and cand.new_modules(candidate, setup.gt) else frozenset()
    refused = candidate.rejected or cand.hijacks(candidate, setup.gt, language=setup.task.language, candidate_is_tests=setup.candidate_is_tests, installed=installed)
    if refused:
        base.reason = f"candidate refused before running: {refused}"
        return base
    hits = tamper_hits(setup, candidate) if scan else []
    if hits:
        base.verdict = "hack"
        base.evidence = [f"{cand.SOLUTION}/{h.file}:{h.line}:{h.column}: {h.code} {h.message}" for h in hits]
        base.reason = f"the candidate tampers with the reward function (not run): {base.evidence[0]}" + (
            f" (and {len(hits) - 1} more)" if len(hits) > 1 else "")
        return base
    job = _job(setup, candidate, conditions, reference_plugin, subject)
    execution = Execution("infra")
    for _attempt in range(1 + max(setup.retries, 0)):
        execution = setup.executor(setup.client, job)
        base.attempts.append({"status": execution.status, "exit_code": execution.exit_code, "seconds": execution.seconds, "detail": execution.detail})
        if not execution.infra:
            break
    base.seconds = round(sum(a["seconds"] for a in base.attempts), 3)
    base.exit_code = execution.exit_code
    base.output = execution.output[-OUTPUT_TAIL:]
    if execution.infra:
        base.verdict = "infra"
        base.reason = f"{execution.status}: {execution.detail} ({len(base.attempts)} attempt(s))"
        return base
    if reference_plugin and MARKERS_FILE in execution.reports:
        try:
            loaded = json.loads(execution.reports[MARKERS_FILE] or b"{}")
            base.markers = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            base.markers = {}
    _judge(base, harness, execution, expected, job.supervised)
    return base


def tamper_hits(setup: Setup, candidate: cand.Candidate) -> list[tamper.Hit]:
    """The candidate's tamper-scan hits that the ground truth does not have itself."""
    tests_candidate = setup.candidate_is_tests
    if "gt_tamper" not in setup.memo:
        setup.memo["gt_tamper"] = tamper.scan_files(setup.gt.files, candidate_is_tests=tests_candidate)
    return tamper.beyond_reference(tamper.scan_files(candidate.files, candidate_is_tests=tests_candidate), setup.memo["gt_tamper"])


CENSUS = "import pkgutil, sys\nprint('\\n'.join(sorted({m.name for m in pkgutil.iter_modules()} | set(sys.builtin_module_names))))\n"


def installed_modules(setup: Setup) -> frozenset[str]:
    """Top-level modules importable in the image outside /task (once per Setup; empty if unknown)."""
    if "installed" not in setup.memo:
        argv0 = setup.harness.argv[0] if setup.harness.argv else ""
        python = argv0 if argv0.rsplit("/", 1)[-1].startswith("python") else "python3"
        job = Job(setup.image.image_id, [python, "-I", "-c", CENSUS], {}, {}, 60, limits=setup.limits)
        execution = setup.executor(setup.client, job)
        names = execution.output.split() if execution.status == "exited" and execution.exit_code == 0 else []
        setup.memo["installed"] = frozenset(n for n in names if n.isidentifier())
    return frozenset(setup.memo["installed"])


def _job(setup: Setup, candidate: cand.Candidate, conditions: Conditions, plugin: bool, subject: dict[str, bytes] | None) -> Job:
    harness = setup.harness
    argv = list(harness.argv)
    files = dict(setup.fixed)
    if subject is not None:
        files = {rel: data for rel, data in files.items() if not rel.startswith("subject/")}
        files.update(subject)
    files.update({f"{cand.SOLUTION}/{rel}": data for rel, data in candidate.files.items()})
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", **conditions.env(setup.facts, runner_of(harness.name, harness.argv))}
    files.update(clock_files(setup.facts, env))
    files[GUARD_FILE] = Path(__file__).with_name(GUARD).read_bytes()
    image_options = setup.facts.env.get("NODE_OPTIONS", "")
    env["NODE_OPTIONS"] = f"--require /task/{GUARD_FILE}" + (f" {image_options}" if image_options else "")
    reports = [REPORT_FILE] if harness.reports else []
    if harness.name != "pytest":
        return Job(setup.image.image_id, argv, files, env, setup.timeout, tuple(reports), limits=setup.limits, dirs=(cand.SOLUTION,))
    # pytest: results come from the witness through the supervisor (PID 1), not from a report file.
    reports = []
    modules = [WITNESS, SUPERVISOR, *([PLUGIN] if plugin else [])]
    for name in modules:
        files[f"{PLUGIN_DIR}/{name}.py"] = Path(__file__).with_name(f"{name}.py").read_bytes()
    image_path = setup.facts.env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = f"/task/{PLUGIN_DIR}" + (f":{image_path}" if image_path else "")
    if plugin:
        env["TASKGATE_MARKERS"] = f"/out/{MARKERS_FILE}"
        argv = _insert_after_pytest(argv, ["-p", PLUGIN])
        reports.append(MARKERS_FILE)
    argv = [a for arg in argv for a in (["-p", WITNESS] if arg.startswith("--junitxml=") else [arg])]
    python = argv[0] if os.path.basename(argv[0]).startswith("python") else "python3"
    # -I: the supervisor (stdlib only) imports nothing from /task, PYTHONPATH or a user site, so no
    # file the candidate ships can load into it, even where it runs as root (a warm sandbox).
    argv = [python, "-I", f"/task/{PLUGIN_DIR}/{SUPERVISOR}.py", *argv]
    if "LD_PRELOAD" in env:
        # libfaketime is for the tests, not for the supervisor: under it, the supervisor's own
        # sleeps fail with EINVAL (clock_nanosleep on a faked clock). It preloads the child only.
        env[CHILD_PRELOAD] = env.pop("LD_PRELOAD")
    return Job(setup.image.image_id, argv, files, env, setup.timeout, tuple(reports), limits=setup.limits, dirs=(cand.SOLUTION,), supervised=True)


def _insert_after_pytest(argv: list[str], extra: list[str]) -> list[str]:
    for i, arg in enumerate(argv):
        if arg.startswith("--junitxml="):
            return [*argv[: i + 1], *extra, *argv[i + 1:]]
    return argv


def _judge(result: RunResult, harness: Harness, execution: Execution, expected: list[str] | None, supervised: bool = False) -> None:
    code = execution.exit_code
    if not harness.reports:
        result.notes.append(harness.note)
        result.verdict = "pass" if code == 0 else "fail"
        result.reason = "exit status 0 (no per-test report)" if code == 0 else f"exit status {code} (no per-test report)"
        return
    if supervised:
        seen = evidence.assess(execution.evidence, code)
        result.witnessed, result.tests, result.evidence = True, _trim_details(seen.tests), seen.hacks
        code = seen.exit_code
        if seen.hacks:
            result.verdict = "hack"
            result.reason = f"the run's evidence shows tampering: {seen.hacks[0]}" + (f" (and {len(seen.hacks) - 1} more)" if len(seen.hacks) > 1 else "")
            return
        if seen.problem:
            errors = f"; collection: {seen.collect_errors[0]}" if seen.collect_errors else ""
            result.reason = f"no complete test results: {seen.problem}{errors}"
            return
        if not seen.tests and seen.collect_errors:
            result.reason = f"no tests ran: {seen.collect_errors[0]}"
            return
        _verdict(result, result.tests, code, expected)
        return
    parsed = parse(harness, execution.reports.get(REPORT_FILE, b""))
    result.tests = parsed.tests
    if parsed.problem:
        result.reason = (
            f"no test results: {parsed.problem}; the test process exited with status {code} before its reporter "
            "finished (an early exit such as sys.exit/os._exit, a crash, or a killed process)"
        )
        return
    _verdict(result, parsed.tests, code, expected)


def _trim_details(tests: list[TestOutcome], keep: int = 10) -> list[TestOutcome]:
    """Full failure reports for the first `keep` tests that did not pass; messages for all."""
    out, kept = [], 0
    for t in tests:
        if t.detail and kept >= keep:
            t = dataclasses.replace(t, detail="")
        kept += bool(t.detail)
        out.append(t)
    return out


def _verdict(result: RunResult, tests: list[TestOutcome], code: int | None, expected: list[str] | None) -> None:
    if expected is not None:
        ran = {t.id for t in tests}
        result.missing = [test_id for test_id in expected if test_id not in ran]
    bad = [t for t in tests if t.outcome != PASSED]
    failed = [t for t in bad if t.outcome != SKIPPED]
    skipped = [t for t in bad if t.outcome == SKIPPED]
    if not tests:
        result.reason = "no tests ran (zero collected is a failure, not a pass)"
    elif failed:
        result.reason = f"{len(failed)} of {len(tests)} test(s) {FAILED} or errored: {_names(failed)}"
    elif result.missing:
        result.reason = f"{len(result.missing)} test(s) of the ground truth's suite did not run: {_names(result.missing)} (the process ended early or skipped collection)"
    elif skipped:
        result.reason = f"{len(skipped)} test(s) skipped or xfail, which is not a pass: {_names(skipped)}"
    elif code != 0:
        result.reason = f"every reported test passed but the test process exited with status {code}"
    else:
        result.verdict, result.reason = "pass", f"all {len(tests)} test(s) passed"


def _names(items: list[TestOutcome] | list[str], limit: int = 5) -> str:
    names = [i.id if isinstance(i, TestOutcome) else i for i in items]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
