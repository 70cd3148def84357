"""`taskgate difftest`: the ground truth and a candidate on the same generated inputs.

Each side runs in its own sandboxed container (ci/sandbox/container.py: no network, read-only
files, limits) with only its own solution/ and the driver; results cross back as tagged JSON
(values.py), so nothing a candidate returns can compare equal unless it is the same plain data.
The first input on which the two differ is shrunk (shrink.py) by running batches of simpler
variants on both sides, and reported with what the ground truth and the candidate gave.
"""

from __future__ import annotations

import ast
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskgate.ci.difftest import shrink, values
from taskgate.ci.difftest.signature import Spec, Unsupported, parse
from taskgate.ci.difftest.strategies import generate
from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.sandbox.container import Job, execute
from taskgate.ci.sandbox.runner import Setup
from taskgate.hooks.core import pyparse

HERE = Path(__file__).parent
DRIVER_DIR = ".taskgate/difftest"
DRIVER = "taskgate_difftest_driver.py"
VALUES = "taskgate_difftest_values.py"
RESULTS = "results.jsonl"
CALL_SECONDS = 2.0
SHRINK_ROUNDS = 60
OVERSAMPLE = 4  # inputs drawn per input kept (see _in_domain_first)
MAX_SIDE_SECONDS = 120.0  # one side's container; a side that runs out leaves its later results missing


@dataclass
class Budget:
    examples: int = 100
    seed: int = 0
    seconds: float = 45.0  # generation, both sides and shrinking together


@dataclass
class Report:
    task: str
    candidate: str
    verdict: str  # differs | agrees | error
    examples: int = 0
    input: str | None = None
    expected: str | None = None
    got: str | None = None
    reason: str = ""
    unsupported: bool = False  # an error because the task is not covered (language, category, signature)

    def as_dict(self) -> dict[str, Any]:
        out = {"task": self.task, "candidate": self.candidate, "verdict": self.verdict, "input": self.input,
               "expected": self.expected, "got": self.got, "examples": self.examples}
        if self.reason:
            out["reason"] = self.reason
        return out


def module_defining(files: dict[str, bytes], name: str) -> str | None:
    """The dotted module (relative to solution/) whose top level defines `name`."""
    for rel in sorted(files):
        if not rel.endswith(".py"):
            continue
        try:
            tree = pyparse.parse(files[rel])
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            defined = {node.name} if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else set()
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined = {t.id for t in targets if isinstance(t, ast.Name)}
            if isinstance(node, ast.ImportFrom):
                defined = {a.asname or a.name for a in node.names}
            if name in defined:
                dotted = rel[:-3].replace("/", ".")
                return dotted.removesuffix(".__init__")
    return None


def _encode_input(example: Any) -> Any:
    if isinstance(example, dict):
        return {"init": [values.encode(a) for a in example["init"]], "calls": [[n, [values.encode(a) for a in args]] for n, args in example["calls"]]}
    return [values.encode(a) for a in example]


def _show_input(spec: Spec, example: Any) -> str:
    if isinstance(example, dict):
        init = ", ".join(repr(a) for a in example["init"])
        calls = "; ".join(f".{n}({', '.join(repr(a) for a in args)})" for n, args in example["calls"])
        return f"{spec.name}({init}); {calls}"
    return f"{spec.name}({', '.join(repr(a) for a in example)})"


def _show_result(result: Any) -> str:
    if not isinstance(result, dict):
        return "<missing: the process ended before this input>"
    if result.get("t") == "returned":
        return values.show(result["ret"])
    if result.get("t") == "steps":
        return "[" + ", ".join(values.show(s) for s in result["v"]) + "]"
    return values.show(result)


def same(a: Any, b: Any) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict) or a.get("t") != b.get("t"):
        return False
    if a["t"] == "returned":
        return values.same(a["ret"], b["ret"]) and len(a["args"]) == len(b["args"]) and all(values.same(x, y) for x, y in zip(a["args"], b["args"]))
    if a["t"] == "steps":
        return len(a["v"]) == len(b["v"]) and all(values.same(x, y) for x, y in zip(a["v"], b["v"]))
    return values.same(a, b)


class Differ:
    """Runs one side (a candidate) on a batch of inputs; the ground truth's side is memoised."""

    def __init__(self, setup: Setup, spec: Spec) -> None:
        self.setup, self.spec = setup, spec
        self.gt_module = module_defining(setup.gt.files, spec.name)
        self._gt: dict[str, Any] = {}

    def side(self, candidate: cand.Candidate, inputs: list[Any]) -> list[Any]:
        module = module_defining(candidate.files, self.spec.name) or self.gt_module or self.spec.name
        payload = {"kind": self.spec.kind, "module": module, "name": self.spec.name, "seconds": CALL_SECONDS,
                   "examples": [_encode_input(e) for e in inputs]}
        files = {f"{cand.SOLUTION}/{rel}": data for rel, data in candidate.files.items()}
        files[f"{DRIVER_DIR}/{DRIVER}"] = (HERE / "driver.py").read_bytes()
        files[f"{DRIVER_DIR}/{VALUES}"] = (HERE / "values.py").read_bytes()
        files[f"{DRIVER_DIR}/inputs.json"] = json.dumps(payload).encode()
        calls = sum(1 + len(e["calls"]) for e in inputs) if self.spec.kind == "class" else len(inputs)
        timeout = min(MAX_SIDE_SECONDS, 30 + CALL_SECONDS * calls)
        job = Job(self.setup.image.image_id, ["python3", f"/task/{DRIVER_DIR}/{DRIVER}", f"/task/{DRIVER_DIR}/inputs.json", f"/out/{RESULTS}"],
                  files, {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}, timeout, (RESULTS,), limits=self.setup.limits, dirs=(cand.SOLUTION,))
        execution = execute(self.setup.client, job)
        if execution.status in ("infra",):
            raise RuntimeError(f"the sandbox could not run {candidate.label}: {execution.detail}")
        lines = execution.reports.get(RESULTS, b"").decode("utf-8", "replace").splitlines()
        out: list[Any] = []
        for line in lines[: len(inputs)]:
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append(None)
        return out + [None] * (len(inputs) - len(out))

    def ground_truth(self, inputs: list[Any]) -> list[Any]:
        keys = [repr(_encode_input(e)) for e in inputs]
        todo = [e for e, k in zip(inputs, keys) if k not in self._gt]
        if todo:
            for e, r in zip(todo, self.side(self.setup.gt, todo)):
                self._gt[repr(_encode_input(e))] = r
        return [self._gt[k] for k in keys]

    def differences(self, candidate: cand.Candidate, inputs: list[Any]) -> list[int]:
        """Indices of the inputs on which the candidate's result differs from the ground truth's."""
        expected = self.ground_truth(inputs)
        got = self.side(candidate, inputs)
        out = []
        for i, (e, g) in enumerate(zip(expected, got)):
            if not isinstance(e, dict) or e.get("t") == "timeout":
                continue  # the ground truth gave no answer to compare with
            if not same(e, g):
                out.append(i)
        return out

    def first_difference(self, candidate: cand.Candidate, inputs: list[Any]) -> int | None:
        found = self.differences(candidate, inputs)
        return found[0] if found else None


def compare(setup: Setup, candidate: cand.Candidate, budget: Budget, progress: Callable[[str], None] = lambda _m: None) -> Report:
    """Differential test of `candidate` against the ground truth of `setup.task`."""
    report = Report(setup.task.rel, candidate.label, "error")
    if candidate.rejected:
        report.reason = f"candidate refused: {candidate.rejected}"
        return report
    progress(f"{setup.task.rel}: comparing {candidate.label} with the ground truth on generated inputs")
    found = classify(setup, [candidate], budget)[0]
    report.verdict, report.examples, report.reason, report.unsupported = found.verdict, found.examples, found.reason, found.unsupported
    report.input, report.expected, report.got = found.input, found.expected, found.got
    return report


def _in_domain_first(drawn: list[Any], results: list[Any], count: int) -> list[Any]:
    """`count` inputs, those the ground truth answers first: an input it rejects with an exception
    (outside the task's domain: an interval with start > end) only shows that both sides raise,
    and types alone draw many of them. A tenth of the inputs, at least, stay rejected ones, so
    the exceptions the prompt asks for are compared too."""
    if not results:
        return drawn[:count]
    answered = [i for i, r in enumerate(results) if isinstance(r, dict) and r.get("t") in ("returned", "steps")]
    rejected = [i for i, r in enumerate(results) if i not in set(answered)]
    keep_rejected = min(len(rejected), max(count // 10, count - len(answered)))
    chosen = sorted(answered[: count - keep_rejected] + rejected[:keep_rejected])
    return [drawn[i] for i in chosen]


def _smaller_difference(differ: Differ, variant: cand.Candidate, current: Any, started: float, budget: Budget) -> Any:
    """The smallest one-step simplification of `current` on which `variant` still differs, or
    None (a local minimum, or the budget ran out). Batches go smallest first; the next batch
    runs only when none of the current one differs."""
    for batch in shrink.input_batches(current):
        if time.monotonic() - started > budget.seconds:
            return None
        found = differ.differences(variant, batch)
        if found:
            return min((batch[i] for i in found), key=shrink.size_of_input)
    return None


@dataclass
class Classified:
    """What differential testing says of one variant of the ground truth (a surviving mutant)."""

    verdict: str  # agrees (likely equivalent) | differs | error
    examples: int
    input: str | None = None
    expected: str | None = None
    got: str | None = None
    reason: str = ""
    unsupported: bool = False  # an error because the task is not covered (language, category, signature)


def classify(setup: Setup, variants: list[cand.Candidate], budget: Budget) -> list[Classified]:
    """Each variant against the ground truth on one shared set of inputs (the ground truth runs
    once); a differing variant gets its first difference shrunk while the budget lasts."""
    task = setup.task
    try:
        if task.language != "python":
            raise Unsupported(f"differential testing covers Python tasks; {task.language or 'this language'} is not covered")
        if setup.candidate_is_tests:
            raise Unsupported("category testing: the ground truth is a test suite, not a function to compare")
        spec = parse(task.meta.get("signature"))
        refine = task.meta.get("difftest") if isinstance(task.meta.get("difftest"), dict) else {}
        count = int(refine.get("examples", budget.examples))
        drawn = generate(spec, refine, count * OVERSAMPLE, budget.seed)
    except Unsupported as exc:
        return [Classified("error", 0, reason=str(exc), unsupported=True) for _ in variants]
    differ = Differ(setup, spec)
    started = time.monotonic()
    try:
        inputs = _in_domain_first(drawn, differ.ground_truth(drawn) if differ.gt_module else [], count)
    except RuntimeError as exc:
        return [Classified("error", 0, reason=str(exc)) for _ in variants]
    out: list[Classified] = []
    for variant in variants:
        if differ.gt_module is None or time.monotonic() - started > budget.seconds:
            out.append(Classified("error", len(inputs), reason="not compared: " + ("no top-level " + spec.name if differ.gt_module is None else "the difftest budget ran out")))
            continue
        try:
            index = differ.first_difference(variant, inputs)
            if index is None:
                out.append(Classified("agrees", len(inputs)))
                continue
            current = inputs[index]
            for _round in range(SHRINK_ROUNDS):
                smaller = _smaller_difference(differ, variant, current, started, budget)
                if smaller is None:
                    break
                current = smaller
            expected, got = differ.ground_truth([current])[0], differ.side(variant, [current])[0]
            out.append(Classified("differs", len(inputs), _show_input(spec, current), _show_result(expected), _show_result(got)))
        except RuntimeError as exc:
            out.append(Classified("error", len(inputs), reason=str(exc)))
    return out
