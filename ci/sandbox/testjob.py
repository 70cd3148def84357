"""`taskgate test`: run a task's reward function on the ground truth or on a candidate directory.

A candidate is judged against the ground truth's tests: each test the ground truth ran must run
and pass. That list comes from the ground truth's stored result for the same environment,
tests and ground truth, or from a fresh ground-truth run (which is then stored too). For a
`testing` task the candidate is a test suite: it passes when it passes on subject/ and fails on
every meta/mutants/*.patch applied to subject/ (the kill matrix is part of the result).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.gate.mutant_runs import run_meta_mutants
from taskgate.ci.sandbox.runner import RunResult, Setup, prepare, run
from taskgate.ci.sandbox.runstore import read_json, result_path, write_json
from taskgate.ci.sandbox.container import Limits
from taskgate.ci.images.taskimage import image_for
from taskgate.hooks.workspace.config import Config
from taskgate.hooks.workspace.task import Task

if TYPE_CHECKING:
    import docker


@dataclass
class TestJob:
    task: Task
    result: RunResult
    record: dict[str, Any]
    path: Path


def _store(root: Path, setup: Setup, candidate: cand.Candidate, result: RunResult, kill_matrix: list[dict[str, Any]] | None = None) -> tuple[dict[str, Any], Path]:
    record = {
        "task": setup.task.id, "kind": "test", "environment_digest": setup.image.environment_digest,
        "image": setup.image.image_id, "image_digest": setup.image.digest, "tests_hash": setup.tests_hash, "candidate_hash": candidate.hash, **result.as_dict(),
    }
    if kill_matrix is not None:
        record["kill_matrix"] = kill_matrix
    path = result_path(root, setup.task.id, "test", setup.image.environment_digest, setup.tests_hash, candidate.hash)
    write_json(path, record)
    return record, path


def expected_tests(root: Path, setup: Setup) -> list[str] | None:
    """The ground truth's passing test ids (stored, or from a fresh run); None when unknown."""
    if setup.candidate_is_tests or not setup.harness.reports:
        return None
    stored = read_json(result_path(root, setup.task.id, "test", setup.image.environment_digest, setup.tests_hash, setup.gt.hash))
    if stored and stored.get("verdict") == "pass" and isinstance(stored.get("tests"), list):
        return [str(t.get("id")) for t in stored["tests"] if isinstance(t, dict)]
    gt = run(setup, setup.gt)
    _store(root, setup, setup.gt, gt)
    return [t.id for t in gt.tests] if gt.passed else None


def test_task(root: Path, task: Task, client: docker.DockerClient, config: Config, *, candidate_dir: Path | None, limits: Limits, retries: int) -> TestJob:
    setup = prepare(task, client, image_for(task, client, root, config), limits=limits, retries=retries)
    if candidate_dir is None:
        candidate, expected = setup.gt, None
    else:
        candidate = cand.read_dir(candidate_dir)
        expected = expected_tests(root, setup)
        if expected is None and not setup.candidate_is_tests and setup.harness.reports:
            candidate.notes.append("the ground truth does not pass, so tests it ran are not required of the candidate")
    result = run(setup, candidate, expected=expected, scan=candidate_dir is not None)
    kill_matrix = judge_suite(setup, candidate, result) if setup.candidate_is_tests and result.passed else None
    record, path = _store(root, setup, candidate, result, kill_matrix)
    return TestJob(task, result, record, path)


def judge_suite(setup: Setup, candidate: cand.Candidate, result: RunResult) -> list[dict[str, Any]]:
    """Run a candidate suite on each meta mutant; a surviving mutant turns the verdict to fail."""
    meta = run_meta_mutants(setup, None, candidate)
    survivors = [m.patch.rsplit("/", 1)[-1] for m in meta if m.killed is False]
    broken = [m for m in meta if m.applied and m.killed is None]
    if survivors:
        result.verdict = "fail"
        result.reason = f"the suite passes on subject/ but does not catch {len(survivors)} of {len(meta)} mutant(s): {', '.join(survivors)}"
    elif broken:
        result.verdict = "infra"
        result.reason = f"{len(broken)} mutant run(s) could not finish: {broken[0].result.reason if broken[0].result else ''}"
    else:
        killed = sum(1 for m in meta if m.killed)
        result.reason += f"; it kills all {killed} meta mutant(s)"
    return [m.as_dict() for m in meta]
