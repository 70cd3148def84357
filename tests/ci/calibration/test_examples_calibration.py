"""The example dataset's calibration records: genuine (made by the tool from the committed
recordings, reproduced by re-running every candidate) and guarded (hand edits are caught)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.ci.calibration.store import canonical_response, sha256
from taskgate.ci.calibration.chat import content
from taskgate.ci.calibration.extract import extract_code
from taskgate.hooks.core.engine import run as run_checks
from taskgate.hooks.workspace.repo import Repo

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "dataset"
TASKS = sorted(p.name for p in (EXAMPLES / "tasks").iterdir() if (p / "task.yaml").is_file())


def recordings() -> dict[tuple[str, str, str, int], dict]:
    out = {}
    for path in sorted((EXAMPLES / "recorded-responses").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("//"):
                item = json.loads(line)
                out[(item["task"], item["role"], item["model"], item["attempt"])] = item["response"]
    return out


@pytest.mark.parametrize("task_id", TASKS)
def test_every_example_is_calibrated_in_band_from_its_recording(task_id):
    task = EXAMPLES / "tasks" / task_id
    record = json.loads((task / "calibration.json").read_text())
    assert record["verdict"] == "in-band" and record["reasoning_pivot"].strip()
    assert record["base_image_override"], "made with --base-image: the record must say so"
    recorded = recordings()
    language = Repo(EXAMPLES).task(task_id).language
    for run in record["runs"]:
        body = recorded[(task_id, run["role"], run["model"], run["attempt"])]
        assert sha256(canonical_response(body)) == run["response_sha256"]
        code = extract_code(content(body), language)
        if code is None:
            assert run["candidate"] is None and run["outcome"] == "fail"
        else:
            assert (task / run["candidate"]["path"]).read_text() == code
    target = [r for r in record["runs"] if r["role"] == "target"]
    assert sum(r["outcome"] == "fail" for r in target) >= 2 and any(r["outcome"] == "pass" for r in target)


@pytest.mark.parametrize("task_id", TASKS)
def test_every_failed_example_attempt_says_where_it_breaks(task_id):
    """Each failed target attempt with code carries difftest's result: a counterexample for the
    Python function tasks, the reason there is none for the others (JavaScript, a test suite)."""
    record = json.loads((EXAMPLES / "tasks" / task_id / "calibration.json").read_text())
    task = Repo(EXAMPLES).task(task_id)
    assert record["schema_version"] == 2
    failed = [r for r in record["runs"] if r["role"] == "target" and r["outcome"] == "fail" and r["candidate"]]
    assert failed
    for run in failed:
        if task.language == "python" and task.category != "testing":
            assert run["counterexample_status"] == "differs", run
            assert run["counterexample"]["input"].startswith(task.meta["signature"].split("(")[0].removeprefix("def ") + "(")
            assert run["counterexample"]["expected"] != run["counterexample"]["got"]
        else:
            assert run["counterexample_status"] == "unsupported" and run["counterexample"] is None and run["counterexample_reason"]
    assert all("counterexample_status" not in r for r in record["runs"] if r not in failed)


def test_examples_pass_the_calibration_hook_at_merge():
    findings = run_checks(Repo(EXAMPLES), stage="merge", hooks=("calibration",)).findings
    assert findings == []


@pytest.fixture
def examples_copy(tmp_path) -> Path:
    root = tmp_path / "dataset"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".taskgate", "__pycache__"))
    return root


def codes(root: Path) -> list[str]:
    return sorted({f.code for f in run_checks(Repo(root), stage="merge", hooks=("calibration",)).findings})


def test_hand_edited_verdict_edited_prompt_and_tampered_candidate_are_caught(examples_copy):
    task = examples_copy / "tasks" / "interval-merge-with-gaps"
    record_path = task / "calibration.json"
    pristine = record_path.read_text()

    data = json.loads(pristine)
    data["summary"]["example-org/coder-7b-instruct"]["n_pass"] = 2
    record_path.write_text(json.dumps(data, indent=2) + "\n")
    assert codes(examples_copy) == ["CAL003"]
    record_path.write_text(pristine)

    prompt = task / "prompt.md"
    prompt.write_text(prompt.read_text().replace("Coordinates may be negative.", "Coordinates are non-negative."))
    assert codes(examples_copy) == ["CAL004"]
    shutil.copy(EXAMPLES / "tasks" / "interval-merge-with-gaps" / "prompt.md", prompt)

    data = json.loads(pristine)
    data["runs"][1]["counterexample"]["got"] = data["runs"][1]["counterexample"]["expected"]
    record_path.write_text(json.dumps(data, indent=2) + "\n")
    assert codes(examples_copy) == ["CAL013"]
    record_path.write_text(pristine)

    candidate = next(task.glob("calibration/attempts/target-*-2/solution/intervals.py"))
    candidate.write_text(candidate.read_text().replace("result[-1] = (last_start, end)", "result[-1] = (last_start, max(last_end, end))"))
    assert codes(examples_copy) == ["CAL005"]


@pytest.mark.docker
@pytest.mark.slow
def test_every_example_record_is_reproduced_in_the_sandbox(examples_copy, python_image):
    proc = subprocess.run(
        [sys.executable, "-m", "taskgate", "verify-calibration", "--base-image", python_image],
        cwd=examples_copy, capture_output=True, text=True, timeout=1200, env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(TASKS)} calibration record(s)" in proc.stderr and "reproduced" in proc.stderr
