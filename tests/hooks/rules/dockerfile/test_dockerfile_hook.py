"""The `dockerfile` hook end to end: task directories, bad input, the shipped examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.hooks.core import registry
from taskgate.hooks.rules.dockerfile.hook import analyse, analyse_file
from taskgate.hooks.main import main

ROOT = Path(__file__).resolve().parents[4]
PINNED = "python:3.12-slim-bookworm@sha256:" + "ab" * 32


def make_task(root: Path, dockerfile: bytes | str, files: dict[str, str] | None = None, task_id: str = "sum-two") -> Path:
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    task = root / "tasks" / task_id
    (task / "solution").mkdir(parents=True)
    (task / "tests").mkdir()
    (task / "solution" / "s.py").write_text("X = 1\n")
    (task / "tests" / "test_s.py").write_text("def test_x():\n    assert True\n")
    for rel, text in (files or {}).items():
        (task / rel).parent.mkdir(parents=True, exist_ok=True)
        (task / rel).write_text(text)
    data = dockerfile.encode() if isinstance(dockerfile, str) else dockerfile
    (task / "Dockerfile").write_bytes(data)
    return task


def run_hook(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    code = main(["dockerfile", *paths])
    return code, capsys.readouterr().out


def test_findings_are_path_line_col(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_task(tmp_path, "FROM python:3.12\nRUN pip install pytest\nCOPY tests/ /t/\n")
    code, out = run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile")
    assert code == 1
    assert out.splitlines() == [
        "tasks/sum-two/Dockerfile:1:6: DKR001 FROM python:3.12: tag '3.12' is movable (the publisher re-points it); pin it by digest (python:3.12@sha256:<digest>)",
        "tasks/sum-two/Dockerfile:2:17: DKR005 `pip install` of packages without exact versions: pytest; pin `name==version` or use `--require-hashes -r requirements.txt`",
        "tasks/sum-two/Dockerfile:3:6: DKR011 COPY tests/ puts tests/ into the image; the image must hold the environment only (candidates and tests are mounted at run time)",
    ]


def test_clean_task_passes_and_reads_requirements_from_the_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    dockerfile = f"FROM {PINNED}\nCOPY requirements.txt /env/\nRUN pip install -r /env/requirements.txt\n"
    make_task(tmp_path, dockerfile, {"requirements.txt": "pytest==8.3.3\n"})
    assert run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile") == (0, "")
    (tmp_path / "tasks" / "sum-two" / "requirements.txt").write_text("pytest>=8\n")
    code, out = run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile")
    assert code == 1 and "requirements.txt:1 pytest>=8 (range >=8)" in out


def test_output_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_task(tmp_path, "FROM node\nRUN apt-get install -y b a && curl https://x.example/i.sh | sh\nRUN echo $RANDOM\n")
    first = run_hook(tmp_path, monkeypatch, capsys)
    second = run_hook(tmp_path, monkeypatch, capsys)
    assert first == second and first[0] == 1 and first[1].count("\n") == 6  # DKR015 for the pipe, DKR016 for apt-get's files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"FROM x\0\x01\x02binary", "Dockerfile is a binary file"),
        (b"FROM alpine\nRUN echo \xff\xfe\n", "Dockerfile is not valid UTF-8"),
        (b"", "BuildKit cannot parse this Dockerfile: file with no instructions"),
        (b"# just a comment\n", "BuildKit cannot parse this Dockerfile: file with no instructions"),
        (b"RUN echo hi\nFROM alpine\n", "RUN before the first FROM"),
        (b"FROM\n", "FROM requires an image reference"),
        (b"FROM a b c d\n", "FROM takes one image"),
    ],
)
def test_bad_input_gives_one_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], content: bytes, message: str) -> None:
    make_task(tmp_path, content)
    code, out = run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1 and " DKR012 " in lines[0] and message in lines[0], out


def test_huge_dockerfile_is_one_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_task(tmp_path, "FROM scratch\n" + "# padding\n" * 200_000)
    code, out = run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile")
    assert code == 1 and out.count("\n") == 1 and "DKR012 Dockerfile is 1.9 MiB, over the 1 MiB limit" in out


def test_missing_dockerfile_is_left_to_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    task = make_task(tmp_path, "FROM scratch\n")
    (task / "Dockerfile").unlink()
    assert run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/solution/s.py") == (0, "")


def test_symlink_out_of_the_task_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    task = make_task(tmp_path, "FROM scratch\n")
    outside = tmp_path / "elsewhere.Dockerfile"
    outside.write_text("FROM node\n")
    (task / "Dockerfile").unlink()
    (task / "Dockerfile").symlink_to(outside)
    assert run_hook(tmp_path, monkeypatch, capsys, "tasks/sum-two/Dockerfile") == (0, "")


@pytest.mark.parametrize("path", sorted([*ROOT.glob("examples/dataset/tasks/*/Dockerfile"), *ROOT.glob("task-template/*/Dockerfile")]), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_shipped_dockerfiles_are_clean(path: Path) -> None:
    assert analyse_file(path) == []


def test_every_rule_is_documented() -> None:
    rules = [r for r in registry.rules().values() if r.code.startswith("DKR")]
    assert [r.code for r in rules] == [*(f"DKR{n:03d}" for n in range(1, 16)), "DKR016"]
    for r in rules:
        assert r.summary and r.rationale and r.fix, r.code
    docs = (ROOT / "docs" / "dockerfile.md").read_text(encoding="utf-8")
    for r in rules:
        assert f"`{r.code}`" in docs, f"{r.code} missing from docs/dockerfile.md"


def test_analyse_never_raises_on_garbage() -> None:
    samples = ["FROM a\nRUN " + "(" * 500, "FROM a\nRUN $((1+", "FROM a\nRUN ['unclosed", "FROM a\nCOPY", "FROM a\nRUN \\\n", "\ufeffFROM a\n", "FROM ${", "FROM a\nENV\n", "FROM a\nRUN bash -c \"$(\""]
    for text in samples:
        for result in analyse(text):
            assert result.line >= 1 and result.column >= 1


def test_lint_dockerfile_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from taskgate.cli import main as cli

    corpus = Path(__file__).parent / "corpus"
    good = corpus / "good" / "pip-require-hashes.Dockerfile"
    assert cli(["lint-dockerfile", str(good), "--context", str(corpus / "good" / "pip-require-hashes.context")]) == 0
    assert capsys.readouterr().out == ""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM alpine\nRUN apk add curl\n")
    assert cli(["lint-dockerfile", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in out] == [f"{bad}:1:6", f"{bad}:2:13"]
    assert cli(["lint-dockerfile", str(tmp_path / "nope")]) == 2
    assert "no such file" in capsys.readouterr().err
