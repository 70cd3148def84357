"""`taskgate calibrate`: sample the target and reference models on a task, run every candidate in
the sandbox, and record the facts (calibration.json) from which the verdict is derived.

Per task: build the environment, then for each configured model and attempt 1..n: get a response
(live or replayed), extract the last code block in the task's language, write the attempt under
calibration/attempts/, run the candidate in the sandbox, and rewrite calibration.json
atomically, so an interrupted calibration resumes where it stopped. A failed target attempt with
code then gets its counterexample (differential testing against the ground truth,
counterexample.py), recorded in its run; a recorded attempt without one gets it on the next run. Attempts already recorded
are reused when the task hash, the environment digest, the model's sampling settings and the
attempt's files all still match. A sandbox (infra) error re-runs the same candidate up to
`max_infra_errors` times; one that persists stays recorded as `infra_error` (it does not count,
so the verdict is incomplete) and is re-run by the next calibration.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from taskgate.ci.calibration import counterexample as cex
from taskgate.ci.calibration import store
from taskgate.ci.calibration.chat import ChatError, Model, content
from taskgate.ci.calibration.extract import extract_code
from taskgate.ci.calibration.responses import Source
from taskgate.hooks.rules.calibration import record as rec
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace.task import PROMPT, Task
from taskgate.hooks.workspace.taskhash import task_hash

ZERO_TESTS = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
Key = tuple[str, str, int]  # role, model, attempt


@dataclass(frozen=True)
class AttemptRun:
    """One candidate's run as the calibration record states it (`outcome`: pass | fail |
    infra_error, the record schema's words). The sandbox's `runner.RunResult` (verdict pass |
    fail | infra) becomes one in ci/calibration/sandbox.py, the one place the two meet."""

    outcome: str  # pass | fail | infra_error
    tests: dict[str, int]
    duration_s: float
    detail: str = ""
    tampering: str = ""  # why the candidate was judged a hack (recorded; the outcome is fail)


class Sandbox(Protocol):
    base_image: str | None  # the FROM substitute the environment is built with, if any

    def environment(self, task: Task) -> str | None:
        """Build the task's environment; return its digest (sha256:…) or None."""

    def run(self, task: Task, candidate_dir: str) -> AttemptRun:
        """Run the candidate (a directory replacing solution/, task-relative) against the task."""

    def counterexample(self, task: Task, candidate_dir: str, budget: Any) -> Any:
        """Differential testing of the candidate against the ground truth (a `difftest.run.Report`)."""


def configured_models(config: Config) -> list[Model]:
    section = config.section("models")
    target = section.get("target")
    references = section.get("reference") or []
    if not isinstance(target, dict) or not references:
        raise UsageError("taskgate.yaml needs `models.target` and at least one `models.reference` entry to calibrate (see docs/calibration.md)")
    models = [Model.from_config("target", target)] + [Model.from_config("reference", r) for r in references]
    seen: dict[str, str] = {}
    for m in models:
        slug = rec.slug(m.name)
        if slug in seen:
            raise UsageError(f"models {seen[slug]!r} and {m.name!r} are configured twice or share the directory name {slug!r}")
        seen[slug] = m.name
    return models


@dataclass
class TaskState:
    task: Task
    prompt: str
    language: str | None
    name: str  # candidate file, relative to solution/
    hash_value: str
    files: dict[str, str]
    environment: str | None
    rule: dict[str, Any]
    base_image: str | None = None
    pivot: str = ""
    runs: dict[Key, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self) -> dict[str, Any]:
        return store.build_record(
            hash_value=self.hash_value, files=self.files, environment=self.environment,
            rule=self.rule, runs=list(self.runs.values()), pivot=self.pivot, base_image=self.base_image,
        )

    def save(self) -> None:
        with self.lock:
            store.write_record(self.task, self.record())


@dataclass
class Job:
    state: TaskState
    model: Model
    attempt: int
    stored: dict[str, Any] | None = None  # response of an infra-error run to re-run
    counterexample_only: bool = False  # a recorded failed attempt that lacks its counterexample


class Calibrator:
    def __init__(self, repo: Repo, source: Source, sandbox: Sandbox, *, extend: int | None = None, fresh: bool = False,
                 progress: Callable[[int], Any] | None = None) -> None:
        self.repo = repo
        self.source = source
        self.sandbox = sandbox
        self.settings = rec.settings(repo.config)
        self.models = configured_models(repo.config)
        self.extend = extend
        self.fresh = fresh
        self.progress = progress
        self.counterexample_budget = cex.budget(self.settings)
        if extend is not None and extend <= int(self.settings["target_attempts"]):
            raise UsageError(f"--extend {extend} must exceed target_attempts ({self.settings['target_attempts']})")

    # -- preparation -------------------------------------------------------------------------
    def prepare(self, task: Task) -> TaskState:
        prompt = task.text(PROMPT)
        if isinstance(prompt, LoadError) or not prompt.strip():
            raise UsageError(f"{task.path(PROMPT)}: {'is empty' if isinstance(prompt, str) else prompt.message}")
        name = store.candidate_name(task)
        hash_value, files = task_hash(task)
        environment = self.sandbox.environment(task)
        state = TaskState(task, prompt, task.language, name, hash_value, files, environment, rec.configured_rule(self.repo.config), self.sandbox.base_image)
        self._reuse(state)
        return state

    def _reuse(self, state: TaskState) -> None:
        old = store.read_record(state.task)
        if old is not None:
            state.pivot = old["reasoning_pivot"]  # written by a person: kept even when sampling afresh
        if old is None or self.fresh:
            return
        if (old["task_hash"]["value"] != state.hash_value or old["environment_digest"] != state.environment
                or old["base_image_override"] != state.base_image):
            state.notes.append("task or environment changed since the last calibration; sampling afresh")
            return
        same_rule = all(old["rule"][k] == state.rule[k] for k in rec.RULE_KEYS)
        if same_rule:
            state.rule["extended_target_attempts"] = old["rule"]["extended_target_attempts"]
        by_model = {m.name: m for m in self.models}
        for run in old["runs"]:
            model = by_model.get(run["model"])
            if model is None or model.role != run["role"] or run["sampling"] != model.sampling(run["attempt"]):
                continue
            if store.run_files_intact(state.task, run):
                state.runs[(run["role"], run["model"], run["attempt"])] = run
        # Keep attempts numbered 1..k per model (reuse only each model's unbroken prefix), and no
        # more than the rule asks for now: attempts are dropped by number, never by outcome.
        for model in self.models:
            n = 1
            while (model.role, model.name, n) in state.runs:
                n += 1
            limit = min(n - 1, self.required(state, model))
            for key in [k for k in state.runs if k[1] == model.name and k[2] > limit]:
                del state.runs[key]

    def required(self, state: TaskState, model: Model) -> int:
        return rec.target_required(state.rule) if model.role == "target" else int(state.rule["reference_attempts"])

    def jobs_for(self, state: TaskState, model: Model, upto: int, start: int = 1) -> list[Job]:
        jobs = []
        for attempt in range(start, upto + 1):
            run = state.runs.get((model.role, model.name, attempt))
            if run is None:
                jobs.append(Job(state, model, attempt))
            elif run["outcome"] == "infra_error":
                jobs.append(Job(state, model, attempt, store.stored_response(state.task, run)))
            elif rec.wants_counterexample(run) and not rec.counterexample_bound(state.hash_value, run):
                jobs.append(Job(state, model, attempt, counterexample_only=True))  # recorded before counterexamples were
        return jobs

    # -- one attempt -------------------------------------------------------------------------
    def attempt(self, job: Job) -> None:
        state, model = job.state, job.model
        label = f"{state.task.rel}: {model.role} {model.name} attempt {job.attempt}"
        if job.counterexample_only:
            self._record(state, self._with_counterexample(state, state.runs[(model.role, model.name, job.attempt)]))
            return
        try:
            body = job.stored if job.stored is not None else self.source(state.task.id, model, state.prompt, job.attempt)
        except ChatError as exc:
            with state.lock:
                state.errors.append(f"{label}: {exc}")
            return
        code = extract_code(content(body), state.language)
        try:
            written = store.write_attempt(state.task, model.role, model.name, job.attempt, body, code, state.name)
        except OSError as exc:
            with state.lock:
                state.errors.append(f"{label}: cannot write the attempt: {exc}")
            return
        if written.candidate is None:
            result = AttemptRun("fail", dict(ZERO_TESTS), 0.0, "no code block in the response")
        else:
            result = self._run(state, written.dir + "/solution")
        if result.outcome == "infra_error":
            with state.lock:
                state.errors.append(f"{label}: sandbox error: {result.detail or 'unknown'}")
        run = {
            "role": model.role, "model": model.name, "sampling": model.sampling(job.attempt), "attempt": job.attempt,
            "dir": written.dir, "candidate": written.candidate, "response_sha256": written.response_sha256,
            "outcome": result.outcome, "tests": {k: int(result.tests.get(k, 0)) for k in ZERO_TESTS},
            "duration_s": round(float(result.duration_s), 3),
        }
        if result.tampering:
            run["tampering"] = result.tampering[:2000]
        self._record(state, run)  # recorded before the comparison: an interruption keeps the judgement
        if rec.wants_counterexample(run):
            self._record(state, self._with_counterexample(state, run))

    def _record(self, state: TaskState, run: dict[str, Any]) -> None:
        with state.lock:
            state.runs[(run["role"], run["model"], run["attempt"])] = run
        state.save()

    def _with_counterexample(self, state: TaskState, run: dict[str, Any]) -> dict[str, Any]:
        """A failed target attempt with its counterexample (ci/calibration/counterexample.py)."""
        if not rec.wants_counterexample(run):
            return run
        budget = self.counterexample_budget
        if budget.examples <= 0:
            return cex.bind(state.hash_value, run, cex.missing("skipped", "calibration.counterexample_examples is 0 in taskgate.yaml"))
        try:
            report = self.sandbox.counterexample(state.task, run["dir"] + "/solution", budget)
        except Exception as exc:  # noqa: BLE001 - a sandbox failure leaves the reason, never a lost attempt
            return cex.bind(state.hash_value, run, cex.missing("error", _one_line(exc)))
        return cex.bind(state.hash_value, run, cex.outcome(report))

    def _run(self, state: TaskState, candidate_dir: str) -> AttemptRun:
        result = AttemptRun("infra_error", dict(ZERO_TESTS), 0.0, "not run")
        for _ in range(1 + int(self.settings["max_infra_errors"])):
            try:
                result = self.sandbox.run(state.task, candidate_dir)
            except Exception as exc:  # noqa: BLE001 - any sandbox failure is an infra error, never a verdict
                result = AttemptRun("infra_error", dict(ZERO_TESTS), 0.0, f"{type(exc).__name__}: {exc}")
            if result.outcome != "infra_error":
                break
        return result

    # -- the whole run -----------------------------------------------------------------------
    def execute(self, jobs: list[Job], pool: cf.ThreadPoolExecutor) -> None:
        futures = [pool.submit(self.attempt, job) for job in jobs]
        try:
            for future in cf.as_completed(futures):
                future.result()
                if self.progress:
                    self.progress(1)
        except BaseException:
            for future in futures:  # Ctrl-C: attempts not started are dropped; finished ones are recorded
                future.cancel()
            raise

    def extension_jobs(self, state: TaskState) -> list[Job]:
        if self.extend is None:
            return []
        target = next(m for m in self.models if m.role == "target")
        base = rec.base_target_failures(list(state.runs.values()), state.rule)
        current = state.rule["extended_target_attempts"] or 0
        if base is None:
            state.notes.append("not extended: the first target attempts are incomplete")
            return []
        if not rec.borderline(base, state.rule):
            state.notes.append(f"not extended: {base} of {state.rule['target_attempts']} target attempts failed, not borderline")
            return []
        upto = max(self.extend, current)
        state.rule["extended_target_attempts"] = upto
        state.notes.append(f"borderline ({base} of {state.rule['target_attempts']} failed): target extended to {upto} attempts")
        return self.jobs_for(state, target, upto, start=int(state.rule["target_attempts"]) + 1)

    def planned(self, state: TaskState) -> list[Job]:
        return [job for m in self.models for job in self.jobs_for(state, m, self.required(state, m))]

    def finish(self, state: TaskState) -> dict[str, Any]:
        keep = {run["dir"] for run in state.runs.values()}
        store.remove_stray_attempts(state.task, keep)
        state.save()
        return state.record()


@dataclass
class Outcome:
    task: str  # repository-relative task path
    verdict: str | None  # None when the task could not be calibrated at all
    summary: str
    errors: list[str]
    notes: list[str]


def calibrate(repo: Repo, task_ids: list[str], source: Source, sandbox: Sandbox, *, extend: int | None = None,
              fresh: bool = False, show_progress: bool = False, notify: Callable[[str], Any] | None = None) -> list[Outcome]:
    """Calibrate `task_ids`; attempts of all tasks share one bounded pool.

    `show_progress`: a progress bar on stderr (a terminal); `notify`: one line per step instead
    (environment ready, attempts done), for logs.
    """
    say = notify or (lambda _message: None)
    done = [0, 0]  # attempts finished, attempts planned

    def advance(n: int) -> None:
        bar.advance(handle, n)
        done[0] += n
        say(f"{done[0]}/{done[1]} attempt(s) done")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), disable=not show_progress, transient=False)
    handle = bar.add_task("calibrating", total=None)
    calibrator = Calibrator(repo, source, sandbox, extend=extend, fresh=fresh, progress=advance)
    outcomes: dict[str, Outcome] = {}
    states: list[TaskState] = []
    workers = int(calibrator.settings["concurrency"])
    with bar, cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="calibrate") as pool:
        bar.update(handle, description="building environments")
        say(f"building the environments of {len(task_ids)} task(s)")
        futures = {pool.submit(calibrator.prepare, repo.task(t)): t for t in task_ids}
        for future in cf.as_completed(futures):
            rel = repo.task(futures[future]).rel
            try:
                states.append(future.result())
                say(f"{rel}: environment ready")
            except Exception as exc:  # noqa: BLE001 - a task that cannot start is reported, the others go on
                outcomes[rel] = Outcome(rel, None, "", [_one_line(exc)], [])
        states.sort(key=lambda s: s.task.rel)
        jobs = [job for state in states for job in calibrator.planned(state)]
        bar.update(handle, description="calibrating", total=len(jobs), completed=0)
        done[1] = len(jobs)
        say(f"calibrating: {len(jobs)} attempt(s) to run")
        calibrator.execute(jobs, pool)
        more = [job for state in states for job in calibrator.extension_jobs(state)]
        if more:
            bar.update(handle, description="extending borderline tasks", total=len(jobs) + len(more))
            done[1] += len(more)
            say(f"extending borderline tasks: {len(more)} more attempt(s)")
            calibrator.execute(more, pool)
    for state in states:
        record = calibrator.finish(state)
        outcomes[state.task.rel] = Outcome(state.task.rel, record["verdict"], rec.describe(record["summary"]), state.errors, state.notes)
    return [outcomes[k] for k in sorted(outcomes)]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
