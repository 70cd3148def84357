"""`taskgate export`: only gated tasks, byte-identical output, readable by trainers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def export(root: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "taskgate", "export", "--out", str(out), "--parquet", *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_only_gated_tasks_are_exported_with_reasons_for_the_rest(calibrated, tmp_path):
    proc = export(calibrated.root, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["tasks"] == ["alpha-task", "beta-task"]
    assert manifest["counts"] == {"tasks": 4, "exported": 2, "excluded": 2}
    assert "too-easy" in manifest["excluded"]["gamma-task"]
    assert "draft" in manifest["excluded"]["delta-draft"]


def test_a_prompt_edited_after_calibration_is_left_out_as_stale(calibrated, tmp_path):
    prompt = calibrated.root / "tasks" / "alpha-task" / "prompt.md"
    prompt.write_text(prompt.read_text() + "\nOne more sentence.\n")
    export(calibrated.root, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["tasks"] == ["beta-task"]
    assert "prompt.md" in manifest["excluded"]["alpha-task"]


def test_export_twice_gives_identical_bytes(calibrated, tmp_path):
    export(calibrated.root, tmp_path / "a")
    export(calibrated.root, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["manifest.json", "rl.jsonl", "rl.parquet", "sft.jsonl", "sft.parquet"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_manifest_hashes_verify_the_files(calibrated, tmp_path):
    import hashlib

    export(calibrated.root, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == digest


def test_trainer_side_reads_every_field(calibrated, tmp_path):
    import pyarrow.parquet as pq

    export(calibrated.root, tmp_path / "out")
    rl = [json.loads(line) for line in (tmp_path / "out" / "rl.jsonl").read_text().splitlines()]
    table = pq.read_table(tmp_path / "out" / "rl.parquet").to_pylist()
    assert rl == table
    for record in rl:
        assert set(record) == {"data_source", "prompt", "ability", "reward_model", "extra_info"}
        assert record["prompt"][0]["role"] == "user" and "def solve" in record["prompt"][0]["content"]
        assert record["reward_model"]["style"] == "rule"
        truth = record["reward_model"]["ground_truth"]
        assert truth["tests"][0]["path"] == "tests/test_solution.py" and "def test_empty" in truth["tests"][0]["content"]
        assert truth["test_command"][:2] == ["python3", "-m"] and truth["environment_digest"].startswith("sha256:")
        assert record["extra_info"]["calibration"]["verdict"] == "in-band"
        assert len(record["extra_info"]["task_hash"]) == 64
    sft = pq.read_table(tmp_path / "out" / "sft.parquet").to_pylist()
    assert [json.loads(line) for line in (tmp_path / "out" / "sft.jsonl").read_text().splitlines()] == sft
    answer = sft[0]["messages"][1]
    assert answer["role"] == "assistant" and answer["content"].startswith("```python\ndef solve")


@pytest.mark.parametrize("flag, value, expected", [("--category", "algorithms", ["alpha-task", "beta-task"]), ("--category", "testing", []), ("--language", "rust", [])])
def test_filters(calibrated, tmp_path, flag, value, expected):
    export(calibrated.root, tmp_path / "out", flag, value)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["tasks"] == expected


def test_since_selects_tasks_changed_after_a_ref(calibrated, tmp_path):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=calibrated.root, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    first = git("rev-parse", "HEAD").strip()
    (calibrated.root / "tasks" / "beta-task" / "calibration.json").write_text((calibrated.root / "tasks" / "beta-task" / "calibration.json").read_text() + "\n")
    git("commit", "-qam", "touch beta")
    export(calibrated.root, tmp_path / "out", "--since", first)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["tasks"] == ["beta-task"]
    proc = export(calibrated.root, tmp_path / "out2", "--since", "no-such-ref")
    assert proc.returncode == 2 and "not a commit" in proc.stderr


def test_image_reference_comes_from_a_build_record_of_the_same_content(calibrated, tmp_path):
    from taskgate.ci.images.records import write_record
    from taskgate.hooks.workspace.repo import Repo
    from taskgate.hooks.workspace.taskhash import task_hash

    digest, _ = task_hash(Repo(calibrated.root).task("alpha-task"))
    write_record(calibrated.root, {"task": "alpha-task", "task_hash": digest, "image": {"id": "sha256:" + "1" * 64, "tag": "taskgate/alpha-task:abc"}})
    write_record(calibrated.root, {"task": "beta-task", "task_hash": "0" * 64, "image": {"id": "sha256:" + "2" * 64, "tag": "taskgate/beta-task:old"}})
    export(calibrated.root, tmp_path / "out")
    rl = {r["extra_info"]["task_id"]: r for r in map(json.loads, (tmp_path / "out" / "rl.jsonl").read_text().splitlines())}
    assert rl["alpha-task"]["reward_model"]["ground_truth"]["image"] == "taskgate/alpha-task:abc"
    assert rl["alpha-task"]["reward_model"]["ground_truth"]["image_id"] == "sha256:" + "1" * 64
    assert rl["alpha-task"]["reward_model"]["ground_truth"]["task_id"] == "alpha-task"
    assert rl["beta-task"]["reward_model"]["ground_truth"]["image"] is None
    assert rl["beta-task"]["reward_model"]["ground_truth"]["image_id"] is None
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert "alpha-task" not in manifest["no_image"] and "other content" in manifest["no_image"]["beta-task"]
