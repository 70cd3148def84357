"""The reward-function gate of one task: every check of `taskgate gate`, as findings (RUN0xx).

1. build the image; 2. run the ground truth (baseline) — it passes every test, enough tests ran,
none skipped; 3. re-run it K-1 more times under varied conditions — identical per-test outcomes;
4. stubs fail (every function of the GT fails when called, in every language; an empty solution/);
5. a candidate that exits 0 on import fails; 6. the mutation score (Python: `ast` mutants; the
other languages: tree-sitter mutants, `syntax_mutants.py`);
`testing` tasks: every meta mutant is killed. Steps 4-6 need a passing baseline.

Steps 3-6 only depend on the baseline, so their containers run side by side (`gate: parallel`,
default 2). The record's `timing` splits the gate's wall-clock time into consecutive phases
that add up to its total (build, baseline, the side-by-side checks, the rest); `container_seconds`
adds up the time each container ran (test runs, mutation), which exceeds the wall-clock time of
the side-by-side phase when containers overlap, and is reported apart from the breakdown.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from taskgate.hooks.output import formats
from taskgate.ci.images import report as build_report
from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.images.build import BuildError
from taskgate.ci.sandbox.conditions import Conditions
from taskgate.ci.gate.exploits import python_exploits
from taskgate.ci.gate.findings import Findings
from taskgate.ci.gate.mutant_runs import MutationResult, run_ast_mutants, run_meta_mutants
from taskgate.ci.sandbox.runner import Setup, prepare, run
from taskgate.ci.sandbox.runstore import result_path, write_json
from taskgate.ci.sandbox.container import Limits
from taskgate.ci.images.taskimage import image_for
from taskgate.hooks.rules import ci_emitted as R
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding
from taskgate.hooks.workspace.task import Task
from taskgate.ci.sandbox.language_stubs import stub_of as language_stub_of

if TYPE_CHECKING:
    import docker

T = TypeVar("T")


@dataclass(frozen=True)
class GateSettings:
    min_tests: int = 5
    reruns: int = 3
    retries: int = 1
    threshold: float = 0.6
    warn_below: float = 0.8
    max_mutants: int = 200
    mutation_budget: float = 600.0
    parallel: int = 2
    difftest_examples: int = 100
    difftest_budget: float = 60.0
    limits: Limits = Limits()

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> GateSettings:
        mutation = section.get("mutation") if isinstance(section.get("mutation"), dict) else {}
        limits = section.get("limits") if isinstance(section.get("limits"), dict) else {}
        difftest = section.get("difftest") if isinstance(section.get("difftest"), dict) else {}
        d = cls()
        return cls(
            min_tests=int(section.get("min_tests", d.min_tests)), reruns=int(section.get("reruns", d.reruns)),
            retries=int(section.get("retries", d.retries)), parallel=int(section.get("parallel", d.parallel)), threshold=float(mutation.get("threshold", d.threshold)),
            warn_below=float(mutation.get("warn_below", d.warn_below)), max_mutants=int(mutation.get("max_mutants", d.max_mutants)),
            mutation_budget=float(mutation.get("budget_seconds", d.mutation_budget)),
            difftest_examples=int(difftest.get("examples", d.difftest_examples)), difftest_budget=float(difftest.get("budget_seconds", d.difftest_budget)),
            limits=Limits.from_config(limits),
        )


@dataclass
class GateOutcome:
    task: Task
    findings: list[Finding]
    summary: str
    record: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


class Phases:
    """Wall-clock seconds of a gate's consecutive phases (they partition its total) and the
    seconds its containers ran (which overlap when run side by side)."""

    def __init__(self) -> None:
        self._mark = time.monotonic()
        self.wall: dict[str, float] = {}
        self.container: dict[str, float] = {"runs": 0.0, "mutants": 0.0}

    def end(self, phase: str) -> None:
        now = time.monotonic()
        self.wall[phase] = round(self.wall.get(phase, 0.0) + now - self._mark, 3)
        self._mark = now

    def ran(self, kind: str, seconds: float) -> None:
        self.container[kind] = round(self.container[kind] + seconds, 3)

    def timing(self) -> dict[str, float]:
        return {**self.wall, "total": round(sum(self.wall.values()), 3)}

    def summary(self) -> str:
        split = ", ".join(f"{k} {v:.1f}s" for k, v in self.wall.items())
        used = ", ".join(f"{k} {v:.1f}s" for k, v in self.container.items() if v)
        total = sum(self.wall.values())
        return f"{total:.1f}s: {split}" + (f"; container time {used}" if used else "")


def gate_task(task: Task, ctx: Context, client: docker.DockerClient, settings: GateSettings) -> GateOutcome:
    phases = Phases()
    out = Findings(task)
    record: dict[str, Any] = {"task": task.id, "kind": "gate", "settings": {
        "min_tests": settings.min_tests, "reruns": settings.reruns, "mutation_threshold": settings.threshold,
        "mutation_warn_below": settings.warn_below, "max_mutants": settings.max_mutants, "limits": dataclasses.asdict(settings.limits),
    }}
    try:
        image = image_for(task, client, Path(ctx.root), ctx.config)
    except BuildError as exc:
        failed = build_report.failure_finding(task, exc)
        out.add(failed.code, failed.path, f"{failed.message} (so the reward function cannot run)", failed.line, failed.column)
        phases.end("build")
        return _finish(task, ctx, out, record, phases, "image does not build")
    phases.end("build")
    setup = prepare(task, client, image, limits=settings.limits, retries=settings.retries)
    record.update({"environment_digest": image.environment_digest, "image": image.image_id, "image_digest": image.digest, "tag": image.tag, "tests_hash": setup.tests_hash, "gt_hash": setup.gt.hash, "harness": setup.harness.name})
    if not setup.harness.reports:
        out.at_yaml(R.NO_REPORT, "test_command", setup.harness.note)

    baseline, seconds = _timed(run, setup, setup.gt, Conditions(0), reference_plugin=True)
    phases.ran("runs", seconds)
    phases.end("baseline")
    record["baseline"] = baseline.as_dict()
    if baseline.verdict == "infra":
        out.infra(baseline, "the ground truth")
        return _finish(task, ctx, out, record, phases, f"ground truth run: {baseline.reason}", setup)
    out.baseline(baseline, setup.harness.reports, settings.min_tests)
    expected = [t_.id for t_ in baseline.tests] if setup.harness.reports else None
    candidate_expected = None if setup.candidate_is_tests else expected
    stubs = [cand.empty()] if setup.candidate_is_tests else [*_stubs(setup.gt, task.language), cand.empty()]
    early = cand.early_exit_of(setup.gt, task.language)
    signature = task.meta.get("signature")
    exploit_list = python_exploits(setup.gt, signature if isinstance(signature, str) else "") if task.language == "python" and not setup.candidate_is_tests else []

    # Everything below depends only on the baseline: independent containers, run side by side.
    with ThreadPoolExecutor(max_workers=max(settings.parallel, 1)) as pool:
        mutation_job = None
        if baseline.passed and setup.candidate_is_tests:
            mutation_job = pool.submit(_timed, run_meta_mutants, setup, expected)
        elif baseline.passed:
            mutation_job = pool.submit(_timed, run_ast_mutants, setup, baseline.seconds, settings.max_mutants, settings.mutation_budget)
        rerun_jobs = [pool.submit(_timed, run, setup, setup.gt, Conditions(i), reference_plugin=True) for i in range(1, max(settings.reruns, 1))]
        stub_jobs = [(stub, pool.submit(_timed, run, setup, stub, expected=candidate_expected)) for stub in stubs] if baseline.passed else []
        early_job = pool.submit(_timed, run, setup, early, expected=candidate_expected) if baseline.passed and early is not None else None
        exploit_jobs = [(e, pool.submit(_timed, run, setup, e.candidate, expected=candidate_expected)) for e in exploit_list] if baseline.passed else []

    runs = [baseline]
    for index, job in enumerate(rerun_jobs, start=1):
        rerun, seconds = job.result()
        phases.ran("runs", seconds)
        if rerun.verdict == "infra":
            out.infra(rerun, f"re-run {index + 1} of the ground truth")
        else:
            runs.append(rerun)
    record["reruns"] = [{"conditions": r.conditions, "verdict": r.verdict, "outcomes": r.outcomes()} for r in runs[1:]]
    record["determinism"] = out.determinism(runs, setup.harness.reports)
    notes = [f"clock: {runs[-1].conditions['clock']}", f"order: {runs[-1].conditions['order']}"] if len(runs) > 1 else []
    if not baseline.passed:
        phases.end("checks")
        return _finish(task, ctx, out, record, phases, f"ground truth: {baseline.reason}", setup, notes)

    record["stubs"] = []
    for stub, job in stub_jobs:
        result, seconds = job.result()
        phases.ran("runs", seconds)
        record["stubs"].append({"candidate": stub.label, "verdict": result.verdict, "reason": result.reason})
        if result.passed:
            message = f"{stub.label} passes every test: {result.reason}"
            located = sorted(out.test_location(t) for t in result.tests)
            if located:  # the first test that rewards the stub: where a real assertion is missing
                path, line = located[0]
                out.add(R.STUB_PASSES, path, message, line)
            else:  # no per-test report: the reward function is the command
                out.at_yaml(R.STUB_PASSES, "test_command", message)
        elif result.verdict == "infra":
            out.infra(result, f"the {stub.label}")
    if early_job is not None:
        result, seconds = early_job.result()
        phases.ran("runs", seconds)
        record["early_exit"] = {"verdict": result.verdict, "reason": result.reason}
        if result.passed:
            out.at_yaml(R.EARLY_EXIT_PASSES, "test_command", f"a solution that exits with status 0 on import is rewarded ({result.reason})")
        elif result.verdict == "infra":
            out.infra(result, "the early-exit candidate")
    record["exploits"] = []
    for exploit, job in exploit_jobs:
        result, seconds = job.result()
        phases.ran("runs", seconds)
        record["exploits"].append({"kind": exploit.kind, "verdict": result.verdict, "reason": result.reason})
        if result.passed:
            out.add(R.EXPLOIT_REWARDED, task.path("tests"), f"the suite rewards an exploit, {exploit.kind} in every public function ({result.reason}): {exploit.harden}")
        elif result.verdict == "infra":
            out.infra(result, f"the exploit candidate ({exploit.kind})")
    if mutation_job is not None:
        mutated, seconds = mutation_job.result()
        phases.ran("mutants", seconds)
        if setup.candidate_is_tests:
            record["meta_mutants"] = [m.as_dict() for m in mutated]
            out.meta_mutants(mutated)
        else:
            if settings.difftest_examples > 0 and task.language == "python":  # difftest calls Python functions
                phases.end("checks")
                _classify_survivors(setup, mutated, settings)
                phases.end("difftest")
            record["mutation"] = mutated.as_dict()
            record["mutation"]["score"] = out.mutation(mutated, ctx, settings.threshold, settings.warn_below)
    phases.end("checks")
    if settings.difftest_examples > 0 and task.language == "python" and not setup.candidate_is_tests:
        record["attempts"] = _judge_attempts(setup, out, settings)
        phases.end("difftest")
    return _finish(task, ctx, out, record, phases, "", setup, notes)


def _stubs(gt: cand.Candidate, language: str | None) -> list[cand.Candidate]:
    """The ground truth with every function failing when called (Python: `ast`; others: tree-sitter)."""
    if language == "python":
        return [cand.stub_of(gt)]
    stub = language_stub_of(gt, language)
    return [stub] if stub is not None else []


def _classify_survivors(setup: Setup, mutated: MutationResult, settings: GateSettings) -> None:
    """Differential testing of each surviving mutant: one that agrees with the ground truth on
    every generated input is likely equivalent (no test could tell them apart); one that differs
    keeps its RUN008 with the input that shows the difference."""
    from taskgate.ci.difftest.run import Budget, classify

    survivors = [i for i, (_m, outcome, _s) in enumerate(mutated.outcomes) if outcome == "survived"]
    if not survivors:
        return
    variants = [cand.Candidate(f"mutant {mutated.outcomes[i][0].description}", {**setup.gt.files, mutated.outcomes[i][0].file: mutated.outcomes[i][0].source.encode()}) for i in survivors]
    found = classify(setup, variants, Budget(examples=settings.difftest_examples, seed=0, seconds=settings.difftest_budget))
    for i, verdict in zip(survivors, found, strict=True):
        mutated.difftest[i] = verdict
        if verdict.verdict == "agrees":
            mutant, _outcome, spent = mutated.outcomes[i]
            mutated.outcomes[i] = (mutant, "likely-equivalent", spent)


def _judge_attempts(setup: Setup, out: Findings, settings: GateSettings) -> list[dict[str, Any]]:
    """The recorded calibration attempts as real model errors: one that passed the suite but
    differs from the ground truth is rewarded wrongly (RUN020); a reference attempt that agrees
    with it everywhere but failed the suite points at an over-strict suite (RUN021)."""
    from taskgate.ci.difftest.run import Budget, classify
    from taskgate.hooks.rules.calibration.hook import load_record

    record = load_record(setup.task)
    if record is None or not hasattr(record, "data"):
        return []
    picked: list[tuple[dict[str, Any], cand.Candidate]] = []
    for run_ in record.data.get("runs") or []:
        if not isinstance(run_, dict) or not isinstance(run_.get("dir"), str):
            continue
        judged = run_.get("outcome") == "pass" or (run_.get("role") == "reference" and run_.get("outcome") == "fail")
        prefix = f"{run_['dir']}/{cand.SOLUTION}/"
        files = {e.rel[len(prefix):]: setup.task.read(e.rel) for e in setup.task.files_under(prefix.rstrip("/"))}
        files = {rel: data for rel, data in files.items() if isinstance(data, bytes)}
        if judged and files:
            picked.append((run_, cand.Candidate(f"{run_.get('role')} attempt {run_.get('attempt')} ({run_.get('model')})", files)))
    if not picked:
        return []
    found = classify(setup, [c for _r, c in picked], Budget(examples=settings.difftest_examples, seed=0, seconds=settings.difftest_budget))
    summary = []
    for (run_, candidate), verdict in zip(picked, found, strict=True):
        summary.append({"attempt": run_["dir"], "outcome": run_.get("outcome"), "difftest": verdict.verdict, "input": verdict.input})
        where = setup.task.path(f"{run_['dir']}/{cand.SOLUTION}")
        if run_.get("outcome") == "pass" and verdict.verdict == "differs":
            out.add(R.WRONG_ATTEMPT_REWARDED, where, f"{candidate.label} passes every test but differs from the ground truth on {verdict.input}: expected {verdict.expected}, got {verdict.got}")
        elif run_.get("outcome") == "fail" and verdict.verdict == "agrees":
            out.add(R.ATTEMPT_AGREES_BUT_FAILS, where, f"{candidate.label} agrees with the ground truth on all {verdict.examples} generated inputs but fails the suite: does a test demand something the prompt does not state?")
    return summary


def _timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    t = time.monotonic()
    result = fn(*args, **kwargs)
    return result, round(time.monotonic() - t, 3)


def _finish(task: Task, ctx: Context, out: Findings, record: dict[str, Any], phases: Phases,
            problem: str, setup: Setup | None = None, notes: list[str] | None = None) -> GateOutcome:
    findings = out.final(ctx)
    phases.end("other")  # judging the results; writing the record is not timed
    record["timing"] = phases.timing()
    record["container_seconds"] = dict(phases.container)
    record["findings"] = [formats.line(f) for f in findings]
    record["notes"] = notes or []
    path = None
    if setup is not None:
        path = result_path(Path(ctx.root), task.id, "gate", setup.image.environment_digest, setup.tests_hash, setup.gt.hash)
        write_json(path, record)
    score = (record.get("mutation") or {}).get("score")
    parts = [problem] if problem else []
    if not problem and "baseline" in record:
        parts.append(f"ground truth {record['baseline']['reason']}")
    if "determinism" in record:
        parts.append(record["determinism"])
    if score is not None:
        parts.append(f"mutation score {score:.2f}")
    if "meta_mutants" in record:
        killed = sum(1 for m in record["meta_mutants"] if m.get("killed"))
        parts.append(f"{killed}/{len(record['meta_mutants'])} meta mutants killed")
    parts.extend(notes or [])
    summary = f"{task.rel}: {'; '.join(parts)} [{phases.summary()}]"
    for m in record.get("meta_mutants", []):  # the kill matrix, one line per mutant
        name = m["patch"].rsplit("/", 1)[-1]
        if not m.get("applied"):
            summary += f"\n  {name}: not applied"
        elif m.get("killed"):
            first = ", ".join(t.rsplit("::", 1)[-1] for t in m["failing_tests"][:3])
            summary += f"\n  {name}: killed by {len(m['failing_tests'])} test(s): {first}{' ...' if len(m['failing_tests']) > 3 else ''}"
        else:
            summary += f"\n  {name}: {'SURVIVED' if m.get('killed') is False else m.get('verdict', '?')}"
    return GateOutcome(task, findings, summary, record, path)

