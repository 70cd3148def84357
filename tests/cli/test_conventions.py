"""Command-line conventions: -q/-v, colour only on a terminal (NO_COLOR, FORCE_COLOR, never in
JSON), rules looked up by name as well as code, and messages people read without a calculator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from taskgate.cli import main

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "ds"
    root.mkdir()
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    monkeypatch.chdir(root)
    assert main(["new", "two-sum", "--category", "algorithms", "--language", "python"]) == 0
    return root


def plant_finding(repo: Path) -> None:
    (repo / "tasks/two-sum/notes.txt").write_text("scratch\n")  # LAY002: unknown entry


def run_cli(*argv: str, cwd: Path, env: dict[str, str] | None = None, tty: bool = False) -> tuple[int, str, str]:
    """taskgate in a child process; with `tty`, its stdout and stderr are a real pseudo-terminal."""
    env = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
    if not tty:
        proc = subprocess.run([sys.executable, "-m", "taskgate", *argv], cwd=cwd, env=env, capture_output=True, text=True)
        return proc.returncode, proc.stdout, proc.stderr
    leader, follower = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "taskgate", *argv], cwd=cwd, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode(), ""


def test_quiet_keeps_findings_and_drops_summaries(repo, capsys):
    plant_finding(repo)
    capsys.readouterr()
    for argv in (["-q", "check"], ["check", "--quiet"]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert "LAY002" in out and err == ""
    assert main(["-q", "new", "three-sum", "--category", "algorithms", "--language", "go"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["-q", "check", "tasks/nope"]) == 2  # errors are never quiet
    assert "error:" in capsys.readouterr().err


def test_verbose_says_where_it_looked(repo, capsys):
    capsys.readouterr()
    assert main(["-v", "check"]) == 0
    err = capsys.readouterr().err
    assert f"repository {repo}, tasks in tasks/" in err and "1 task(s) checked" in err


def test_quiet_and_verbose_together_is_a_usage_error(repo):
    with pytest.raises(SystemExit) as exc:
        main(["-q", "check", "-v"])
    assert exc.value.code == 2


def test_colour_on_a_terminal_only(repo):
    plant_finding(repo)
    code, out, _ = run_cli("check", cwd=repo, tty=True, env={"NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm"})
    assert code == 1 and "\x1b[31mLAY002\x1b[0m" in out  # the code in red
    assert ANSI.sub("", out).count("tasks/two-sum/notes.txt:1:1: LAY002") == 1
    code, out, _ = run_cli("check", cwd=repo, tty=True, env={"NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "xterm"})
    assert code == 1 and "LAY002" in out and not ANSI.search(out)
    code, out, err = run_cli("check", cwd=repo, env={"NO_COLOR": None, "FORCE_COLOR": None})  # a pipe
    assert "LAY002" in out and not ANSI.search(out + err)
    code, out, _ = run_cli("check", cwd=repo, env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert ANSI.search(out)
    code, out, _ = run_cli("check", "--format", "json", cwd=repo, tty=True, env={"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm"})
    assert '"code": "LAY002"' in out and not ANSI.search(out)


def test_rules_by_name_or_code(capsys):
    assert main(["rules", "DKR001"]) == 0
    by_code = capsys.readouterr().out
    for query in ("base-image-unpinned", "Base-Image-Unpinned", "dkr001"):
        assert main(["rules", query]) == 0
        assert capsys.readouterr().out == by_code
    assert main(["rules", "base-image-unpined"]) == 2
    assert "did you mean base-image-unpinned" in capsys.readouterr().err


def test_large_file_message_in_human_units_with_the_fix(repo, capsys):
    (repo / "tasks/two-sum/tests/data.json").write_bytes(b"0" * (60 * 1024 * 1024 // 24))  # 2.5 MiB
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "tasks/two-sum/tests/data.json:1:1: LAY005 file is 2.5 MiB, over the 1 MiB limit (max_file_size): remove it, or generate the data" in out


def test_a_bad_task_id_is_explained_in_words(repo, capsys):
    meta = repo / "tasks/two-sum/task.yaml"
    meta.write_text(meta.read_text().replace("id: two-sum", "id: Two_Sum"))
    capsys.readouterr()
    assert main(["check"]) == 1
    line = next(x for x in capsys.readouterr().out.splitlines() if "META002" in x)
    assert "'Two_Sum' is not a valid task id: 3 to 64 characters, only lowercase letters a-z, digits and hyphens" in line
    assert "(pattern ^[a-z0-9][a-z0-9-]{2,63}$)" in line
    assert main(["new", "Bad_Id", "--category", "algorithms", "--language", "python"]) == 2
    assert "is not a valid task id: 3 to 64 characters" in capsys.readouterr().err
