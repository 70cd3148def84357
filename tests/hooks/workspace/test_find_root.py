"""The repository root is found from where a path lies, never from where a symlink points."""

from __future__ import annotations

from taskgate.cli import main
from taskgate.hooks.workspace.repo import find_root


def test_a_symlink_given_first_belongs_to_its_task(tmp_path, monkeypatch, capsys):
    root = tmp_path / "ds"
    root.mkdir()
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    monkeypatch.chdir(root)
    assert main(["new", "two-sum", "--category", "algorithms", "--language", "python"]) == 0
    link = root / "tasks/two-sum/tests/passwd"
    link.symlink_to("/etc/passwd")
    assert find_root(link) == root.resolve()
    assert find_root(root / "tasks/two-sum/prompt.md") == root.resolve()
    capsys.readouterr()
    # As pre-commit's all-in-one hook calls it for a commit that only adds the symlink.
    assert main(["check", "--stage", "commit", "--commit-files", "tasks/two-sum/tests/passwd"]) == 1
    assert "tasks/two-sum/tests/passwd:1:1: LAY004 symlink to '/etc/passwd' leaves the repository" in capsys.readouterr().out
