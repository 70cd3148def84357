"""Turning gate results into findings at the right `path:line:col`, with waivers applied.

A test's finding points at the test (file and line from the report); a surviving mutant at the
mutated line of the ground truth (so an equivalent mutant is waived on that line); task-wide
problems at the key of task.yaml they concern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taskgate.hooks.rules import ci_emitted as R
from taskgate.hooks.core import waivers
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import get as get_rule
from taskgate.hooks.workspace.task import TASK_YAML, Task

if TYPE_CHECKING:
    from taskgate.ci.sandbox.harness import TestOutcome
    from taskgate.ci.gate.mutant_runs import MetaMutant, MutationResult
    from taskgate.ci.sandbox.runner import RunResult


class Findings:
    def __init__(self, task: Task) -> None:
        self.task = task
        self.raw: list[Finding] = []

    def add(self, code: str, path: str, message: str, line: int = 1, column: int = 1) -> None:
        self.raw.append(finding(code, path, message, line, column))

    def at_yaml(self, code: str, key: str, message: str) -> None:
        path, line, column = self.yaml(key)
        self.add(code, path, message, line, column)

    def yaml(self, key: str) -> tuple[str, int, int]:
        line, column = self.task.meta_position((key,))
        return self.task.path(TASK_YAML), line, column

    def test_location(self, test: TestOutcome) -> tuple[str, int]:
        """The task-relative file of a reported test (reporters name it relative to their rootdir)."""
        name = test.file
        if name.startswith("/task/"):
            name = name[len("/task/"):]
        entries = self.task.entries
        if name and name not in entries:
            matches = sorted(rel for rel in entries if rel.endswith("/" + name))
            name = matches[0] if matches else ""
        if not name:
            top = "solution" if self.task.category == "testing" else "tests"
            return self.task.path(top), 1
        return self.task.path(name), max(test.line, 1)

    def infra(self, result: RunResult, what: str) -> None:
        key = "timeout_seconds" if result.reason.startswith("timeout") else "test_command"
        path, line, column = self.yaml(key)
        self.add(R.RUN_INFRA, path, f"{what} could not be run to the end: {result.reason}", line, column)

    def baseline(self, result: RunResult, reports: bool, min_tests: int) -> None:
        failed = [t for t in result.tests if t.outcome in ("failed", "error")]
        for t in failed:
            path, line = self.test_location(t)
            detail = f": {t.message}" if t.message else ""
            self.add(R.GT_FAILS, path, f"the ground truth {t.outcome if t.outcome == 'failed' else 'errors in'} {t.id}{detail}", line)
        skipped = [t for t in result.tests if t.outcome == "skipped"]
        for t in skipped:
            path, line = self.test_location(t)
            self.add(R.SKIPPED_TEST, path, f"{t.id} is {t.kind or 'skipped'} in the reward suite{': ' + t.message if t.message else ''}", line)
        passed_ids = {t.id for t in result.tests if t.outcome == "passed"}
        for node_id, info in sorted((result.markers.get("markers") or {}).items()):
            if node_id in passed_ids and "xfail" in (info.get("markers") or []):
                test = next(t for t in result.tests if t.id == node_id)
                path, line = self.test_location(test)
                self.add(R.SKIPPED_TEST, path, f"{node_id} is marked xfail and passes (XPASS): its result is not part of the reward", line)
        path, line, column = self.yaml("test_command")
        if reports and len(result.tests) < min_tests:
            why = f": {result.reason}" if not result.tests else ""
            self.add(R.TOO_FEW_TESTS, path, f"{len(result.tests)} test(s) ran, fewer than the minimum of {min_tests}{why}", line, column)
        if result.verdict == "hack":
            self.add(R.GT_FAILS, path, f"the ground truth's run shows tampering: {'; '.join(result.evidence[:3])}", line, column)
            return
        zero_collected = reports and not result.tests and result.reason.startswith("no tests ran")
        if result.verdict == "fail" and not failed and not skipped and not zero_collected:
            self.add(R.GT_FAILS, path, f"the ground truth run failed: {result.reason}", line, column)

    def determinism(self, runs: list[RunResult], reports: bool) -> str:
        if len(runs) < 2:
            return "determinism not checked (1 run)"
        labels = [f"run {i + 1} ({', '.join(f'{k}={v}' for k, v in r.conditions.items())})" for i, r in enumerate(runs)]
        if not reports:
            verdicts = [r.verdict for r in runs]
            if len(set(verdicts)) > 1:
                path, line, column = self.yaml("test_command")
                shown = "; ".join(f"{v} in {lab}" for v, lab in zip(verdicts, labels, strict=True))
                self.add(R.NONDETERMINISTIC, path, f"the suite's result differs between runs: {shown}", line, column)
            return f"{len(runs)} runs, verdicts {'identical' if len(set(verdicts)) == 1 else 'differ'}"
        tables = [r.outcomes() for r in runs]
        everything = sorted({test_id for table in tables for test_id in table})
        differing = [test_id for test_id in everything if len({table.get(test_id, "not run") for table in tables}) > 1]
        by_id = {t.id: t for r in runs for t in r.tests}
        for test_id in differing:
            path, line = self.test_location(by_id[test_id])
            shown = "; ".join(f"{table.get(test_id, 'not run')} in {lab}" for table, lab in zip(tables, labels, strict=True))
            self.add(R.NONDETERMINISTIC, path, f"{test_id} differs between runs: {shown}", line)
        return f"{len(runs)} runs, {len(differing)} test(s) differ" if differing else f"{len(runs)} runs identical"

    def mutation(self, result: MutationResult, ctx: Context, threshold: float, warn_below: float) -> float | None:
        if result.status in ("infra", "baseline-failed"):
            path, line, column = self.yaml("test_command")
            self.add(R.RUN_INFRA, path, f"the mutation run could not be completed: {result.reason}", line, column)
            return None
        if result.status == "none":
            return None
        survivors = [finding(R.SURVIVING_MUTANT, self.task.path(f"solution/{m.file}"), f"mutant survived every test: {m.description}{_shown_difference(result.difftest.get(i))}", m.line, m.column)
                     for i, (m, outcome, _s) in enumerate(result.outcomes) if outcome == "survived"]
        kept = self._waive(survivors, ctx)
        likely = [result.difftest[i] for i, (_m, outcome, _s) in enumerate(result.outcomes) if outcome == "likely-equivalent"]
        equivalent = len(survivors) - len(kept) + len(likely)
        self.raw.extend(kept)
        killed, ran = result.counts()
        counted = ran - equivalent
        invalid = sum(1 for _m, outcome, _s in result.outcomes if outcome == "invalid")
        if counted <= 0 and invalid:
            self.at_yaml(R.RUN_INFRA, "test_command", f"no mutant was scored: all {invalid} mutant(s) that ran failed to compile; the suite's strength is unknown")
            return None
        if counted <= 0:
            if result.reason:
                self.at_yaml(R.RUN_INFRA, "timeout_seconds", f"no mutant was scored: {result.reason}; raise `gate: mutation: budget_seconds:` or speed up the suite")
            return None
        score = killed / counted
        sampled = f" (sampled {len(result.outcomes)} of {result.total})" if result.total > len(result.outcomes) else ""
        if result.reason:
            sampled += f" ({result.reason})"
        waived = f", {len(survivors) - len(kept)} waived as equivalent" if len(survivors) > len(kept) else ""
        if likely:
            waived += f", {len(likely)} likely equivalent (no difference on {max(c.examples for c in likely)} generated inputs)"
        waived += f", {invalid} left out as they do not compile" if invalid else ""
        detail = f"mutation score {score:.2f}: {killed} of {counted} mutants killed{waived}{sampled}"
        path, line, column = self._score_location(kept, result)
        if score < threshold:
            self.add(R.MUTATION_LOW, path, f"{detail}, below the gate threshold {threshold:.2f}; surviving mutants are listed as RUN008", line, column)
        elif score < warn_below:
            self.add(R.MUTATION_WEAK, path, f"{detail}, below the warning level {warn_below:.2f}", line, column)
        return round(score, 4)

    def _score_location(self, survivors: list[Finding], result: MutationResult) -> tuple[str, int, int]:
        """Where a mutation score points: a file, never a directory. The first unwaived survivor
        in the ground-truth file with the most of them (what the suite leaves untested); else the
        first mutated file; else task.yaml's test_command."""
        if survivors:
            by_file: dict[str, list[Finding]] = {}
            for f in survivors:
                by_file.setdefault(f.path, []).append(f)
            path = max(sorted(by_file), key=lambda p: len(by_file[p]))  # ties: the first path
            first = min(by_file[path])
            return path, first.line, first.column
        files = sorted({m.file for m, _outcome, _s in result.outcomes})
        if files:
            return self.task.path(f"solution/{files[0]}"), 1, 1
        return self.yaml("test_command")

    def meta_mutants(self, meta: list[MetaMutant]) -> None:
        for m in meta:
            path = self.task.path(m.patch)
            if m.infra:
                line_path, line, column = self.yaml("test_command")
                self.add(R.RUN_INFRA, line_path, f"{m.patch} could not be applied: {m.error}", line, column)
            elif not m.applied:
                self.add(R.META_INVALID, path, m.error)
            elif m.killed is None and m.result is not None:
                self.infra(m.result, f"the ground-truth suite on {m.patch}")
            elif m.killed is False:
                self.add(R.META_SURVIVES, path, "the ground-truth suite passes on this mutant of subject/, so it does not catch the bug")

    def _waive(self, findings: list[Finding], ctx: Context) -> list[Finding]:
        prefix = self.task.rel + "/"

        def inline_for(path: str) -> list[waivers.Inline]:
            return waivers.inline_waivers(self.task, path[len(prefix):]) if path.startswith(prefix) else []

        disabled = set(ctx.config["disable"])
        enabled = [f for f in findings if f.code not in disabled and ctx.stage in (get_rule(f.code).stages if get_rule(f.code) else ())]
        return waivers.apply(enabled, ctx, inline_for)

    def final(self, ctx: Context) -> list[Finding]:
        return sorted(set(self._waive(self.raw, ctx)))


def _shown_difference(found: Any) -> str:
    """`; it differs from the ground truth on f(x): expected …, got …` — the test to add."""
    if found is None or found.verdict != "differs":
        return ""
    return f"; add a test: it differs from the ground truth on {found.input}: expected {found.expected}, got {found.got}"
