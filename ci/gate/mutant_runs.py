"""Running mutants: AST or syntax-tree mutants of a ground truth (all in one container), and the
`meta/mutants/*.patch` of a `testing` task (one ordinary run each, for a per-test kill matrix).

AST mutants run through `mutant_driver.py` inside the sandbox: solution/ is a tmpfs reset from a
read-only pristine copy before each mutant, the suite runs with `-x` (stop at the first failure)
and no report (for `python -m pytest`, in a child forked from a process that imported pytest once), and a mutant is killed when the command exits non-zero or hits its time limit
(a mutant that loops forever is killed, as in every mutation tool). Variant 0 is the unmutated
ground truth: if it does not pass inside the driver, no score is computed.

Tasks in the other languages run the same way through `mutant_driver.sh` (the image need not
have Python), which also keeps the tail of each variant's output: a mutant whose run failed with a
compiler error in the mutated file is `invalid` and not scored (`stillborn.py`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.sandbox.conditions import BASELINE
from taskgate.ci.gate.python_mutants import Mutant, mutants
from taskgate.ci.sandbox.runner import RunResult, Setup, run
from taskgate.ci.gate.stillborn import invalid
from taskgate.ci.sandbox.container import Execution, Job

DRIVER = ".taskgate/driver.py"
PLAN = ".taskgate/plan.json"
BASE = ".taskgate/base"
RESULTS = "results.json"
SHELL_DRIVER = ".taskgate/driver.sh"
VARIANTS = ".taskgate/variants"
SHELL_RESULTS = "results"
SHELL_OUTPUTS = "outputs"


@dataclass
class MutationResult:
    status: str  # scored | infra | baseline-failed | none
    reason: str = ""
    total: int = 0  # mutants generated (before sampling)
    outcomes: list[tuple[Mutant, str, float]] = field(default_factory=list)  # mutant, killed|survived|likely-equivalent|timeout|invalid|not-run, seconds
    seconds: float = 0.0
    difftest: dict[int, Any] = field(default_factory=dict)  # outcome index -> difftest.run.Classified

    def counts(self) -> tuple[int, int]:
        ran = [o for o in self.outcomes if o[1] not in ("not-run", "invalid")]
        return sum(1 for o in ran if o[1] in ("killed", "timeout")), len(ran)

    def _evidence(self, index: int) -> dict[str, object]:
        found = self.difftest.get(index)
        if found is None:
            return {}
        shown = {k: v for k, v in (("verdict", found.verdict), ("examples", found.examples), ("input", found.input),
                                   ("expected", found.expected), ("got", found.got), ("reason", found.reason)) if v not in (None, "")}
        return {"difftest": shown}

    def as_dict(self) -> dict[str, object]:
        killed, ran = self.counts()
        return {
            "status": self.status, "reason": self.reason, "generated": self.total, "run": ran, "killed": killed,
            "invalid": sum(1 for o in self.outcomes if o[1] == "invalid"),
            "mutants": [{**m.as_dict(), "outcome": outcome, "seconds": s, **self._evidence(i)} for i, (m, outcome, s) in enumerate(self.outcomes)],
            "seconds": self.seconds,
        }


def run_ast_mutants(setup: Setup, baseline_seconds: float, limit: int, budget: float) -> MutationResult:
    """Mutants of the GT in one container, in a fixed shuffled order so that, when the time
    `budget` runs out, the mutants that ran are a fair sample; the rest are "not-run"."""
    started = time.monotonic()
    language = setup.task.language
    chosen, total = mutants(setup.gt.files, limit, language)
    if not chosen:
        return MutationResult("none", f"the ground truth has no mutable {'Python ' if language == 'python' else ''}code", total)
    order = list(range(len(chosen)))
    random.Random(0).shuffle(order)
    argv = [a for a in setup.harness.argv if not a.startswith(("--junitxml=", "--test-reporter"))]  # no report in this run
    if setup.harness.name == "pytest":
        argv = [*argv, "-x"]
    per_variant = min(setup.timeout, max(10.0, 3 * baseline_seconds + 5))
    variants: list[dict[str, str]] = [{}, *({chosen[i].file: chosen[i].source} for i in order)]
    files = dict(setup.fixed)
    files.update({f"{BASE}/{rel}": data for rel, data in setup.gt.files.items()})
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", **BASELINE.env(setup.facts, "mutation")}
    if language == "python":
        command, reports = _python_driver(setup, argv, variants, per_variant, budget, files)
    else:
        command, reports = _shell_driver(argv, variants, per_variant, budget, files)
    wall = min(per_variant * len(variants), budget + 2 * per_variant) + 30
    job = Job(setup.image.image_id, command, files, env, wall, reports, writable=(cand.SOLUTION,), limits=setup.limits, dirs=(BASE,))
    execution = setup.executor(setup.client, job)
    for _retry in range(max(setup.retries, 0)):
        if execution.status != "infra":
            break
        execution = setup.executor(setup.client, job)
    elapsed = round(time.monotonic() - started, 3)
    results = _results(execution, language)
    if not results:
        detail = execution.detail or f"the mutant driver exited with status {execution.exit_code}: {execution.output.strip()[-300:]}"
        return MutationResult("infra", f"mutation run produced no results ({execution.status}): {detail}", total, seconds=elapsed)
    if results[0].get("exit_code") != 0:
        return MutationResult("baseline-failed", f"the unmutated ground truth did not pass inside the mutation sandbox ({results[0]})", total, seconds=elapsed)
    by_mutant: dict[int, tuple[str, float]] = {}
    for position, i in enumerate(order, start=1):
        if position < len(results):
            r = results[position]
            if r.get("status") == "timeout":
                outcome = "timeout"
            elif r.get("exit_code") == 0:
                outcome = "survived"
            else:
                outcome = "invalid" if invalid(chosen[i], str(r.get("output") or ""), language) else "killed"
            by_mutant[i] = (outcome, float(r.get("seconds") or 0.0))
    outcomes = [(m, *by_mutant.get(i, ("not-run", 0.0))) for i, m in enumerate(chosen)]
    not_run = sum(1 for o in outcomes if o[1] == "not-run")
    if execution.status != "exited":
        return MutationResult("infra", f"{execution.status}: {execution.detail}; {not_run} mutant(s) did not run", total, outcomes, elapsed)
    reason = f"{len(chosen) - not_run} of {len(chosen)} mutants ran within the {budget:g}s budget" if not_run else ""
    return MutationResult("scored", reason, total, outcomes, elapsed)


def _python_driver(setup: Setup, argv: list[str], variants: list[dict[str, str]], per_variant: float, budget: float,
                   files: dict[str, bytes]) -> tuple[list[str], tuple[str, ...]]:
    forkable = len(argv) >= 3 and os.path.basename(argv[0]).startswith("python") and argv[1:3] == ["-m", "pytest"]
    plan = {"target": f"/task/{cand.SOLUTION}", "base": f"/task/{BASE}", "argv": argv, "timeout": per_variant, "budget": budget,
            "pytest_args": argv[3:] if forkable else None, "variants": variants}
    files[PLAN] = json.dumps(plan).encode()
    files[DRIVER] = Path(__file__).with_name("mutant_driver.py").read_bytes()
    python = setup.harness.argv[0] if os.path.basename(setup.harness.argv[0]).startswith("python") else "python3"
    return [python, f"/task/{DRIVER}"], (RESULTS,)


def _shell_driver(argv: list[str], variants: list[dict[str, str]], per_variant: float, budget: float,
                  files: dict[str, bytes]) -> tuple[list[str], tuple[str, ...]]:
    """The image need not have Python: a POSIX-shell driver, the variants as files."""
    for index, variant in enumerate(variants):
        for rel, text in variant.items():
            files[f"{VARIANTS}/{index}/{rel}"] = text.encode("utf-8")
    files[SHELL_DRIVER] = Path(__file__).with_name("mutant_driver.sh").read_bytes()
    command = ["/bin/sh", f"/task/{SHELL_DRIVER}", f"/task/{cand.SOLUTION}", f"/task/{BASE}", f"/task/{VARIANTS}",
               str(len(variants)), f"{per_variant:g}", f"{budget:g}", "--", *argv]
    return command, (SHELL_RESULTS, SHELL_OUTPUTS)


def _results(execution: Execution, language: str | None) -> list[dict[str, object]]:
    """The driver's per-variant records, in variant order ([] when there are none)."""
    if language == "python":
        try:
            results = json.loads(execution.reports.get(RESULTS) or b"[]")
        except ValueError:
            return []
        return results if isinstance(results, list) else []
    outputs = _outputs(execution.reports.get(SHELL_OUTPUTS, b""))
    out: list[dict[str, object]] = []
    for line in execution.reports.get(SHELL_RESULTS, b"").decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) != 4 or parts[0] != str(len(out)) or not parts[2].lstrip("-").isdigit():
            break  # records are written in order; anything else was not the driver's
        try:
            seconds = float(parts[3])
        except ValueError:
            break
        out.append({"status": parts[1], "exit_code": int(parts[2]), "seconds": seconds, "output": outputs.get(len(out), "")})
    return out


def _outputs(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    at = 0
    while at < len(data):
        newline = data.find(b"\n", at)
        header = data[at:newline].split() if newline >= 0 else []
        if len(header) != 2 or not all(h.isdigit() for h in header):
            break
        length = int(header[1])
        out[int(header[0])] = data[newline + 1:newline + 1 + length].decode("utf-8", "replace")
        at = newline + 1 + length
    return out


@dataclass
class MetaMutant:
    patch: str  # task-relative path of the .patch
    applied: bool
    error: str = ""
    result: RunResult | None = None
    infra: bool = False  # not applied for a reason of this machine (no `patch`), not of the patch

    @property
    def killed(self) -> bool | None:
        if self.result is None or self.result.verdict == "infra":
            return None
        return not self.result.passed

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"patch": self.patch, "applied": self.applied}
        if self.error:
            out["error"] = self.error
        if self.result is not None:
            out["killed"] = self.killed
            out["verdict"] = self.result.verdict
            out["failing_tests"] = [t.id for t in self.result.tests if t.outcome in ("failed", "error")]
            out["reason"] = self.result.reason
        return out


def run_meta_mutants(setup: Setup, expected: list[str] | None, candidate: cand.Candidate | None = None) -> list[MetaMutant]:
    """A suite (default: the ground truth's) against subject/ with each meta/mutants/*.patch applied."""
    subject = {rel: data for rel, data in setup.fixed.items() if rel.startswith("subject/")}
    out = []
    for entry in setup.task.files_under("meta/mutants"):
        if not entry.rel.endswith(".patch"):
            continue
        if shutil.which("patch") is None:
            out.append(MetaMutant(entry.rel, False, "GNU patch is not installed on this machine (apt-get install patch)", infra=True))
            continue
        patched = apply_patch(subject, setup.task.dir / entry.rel)
        if isinstance(patched, str):
            out.append(MetaMutant(entry.rel, False, patched))
            continue
        if patched == subject:
            out.append(MetaMutant(entry.rel, False, "the patch changes nothing in subject/"))
            continue
        result = run(setup, candidate or setup.gt, expected=expected, subject=patched)
        out.append(MetaMutant(entry.rel, True, result=result))
    return out


def apply_patch(subject: dict[str, bytes], patch: Path) -> dict[str, bytes] | str:
    """subject/ (task-relative paths) after `patch -p1` from a scratch copy of the task dir."""
    with tempfile.TemporaryDirectory(prefix="taskgate-mutant-") as scratch:
        root = Path(scratch)
        for rel, data in subject.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        try:
            proc = subprocess.run(
                ["patch", "-p1", "--batch", "--forward", "--silent", "--no-backup-if-mismatch", "-r", "-", "-d", str(root), "-i", str(patch.resolve())],
                capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return "patch did not finish within 30s"
        if proc.returncode != 0:
            text = " ".join((proc.stdout + proc.stderr).split())
            return f"does not apply with `patch -p1` from the task directory: {text[:240]}"
        patched: dict[str, bytes] = {}
        for path in sorted((root / "subject").rglob("*")) if (root / "subject").is_dir() else []:
            if path.is_file() and not path.is_symlink():
                patched[path.relative_to(root).as_posix()] = path.read_bytes()
        return patched
