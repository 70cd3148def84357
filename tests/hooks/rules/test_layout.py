"""LAY rules: positive (the fault is reported) and negative (a good task is clean) cases."""

from __future__ import annotations

import os

import pytest

HOOKS = ("layout",)


def test_clean_task_has_no_findings(dataset, foundation_hooks):
    dataset.add_task("sum-list")
    dataset.add_task("clamp-tests", category="testing")
    assert dataset.check(hooks=foundation_hooks) == []


@pytest.mark.parametrize("missing", ["prompt.md", "task.yaml", "Dockerfile", "solution/solution.py", "tests/test_solution.py"])
def test_lay001_missing_entry(dataset, missing):
    task = dataset.add_task()
    os.remove(task / missing)
    findings = dataset.check(hooks=HOOKS)
    assert [f.code for f in findings] == ["LAY001"]
    assert findings[0].path == f"tasks/sum-list/{missing.split('/')[0]}"


def test_lay001_testing_needs_subject_and_meta_not_tests(dataset):
    task = dataset.add_task("clamp-tests", category="testing")
    for patch in (task / "meta/mutants").iterdir():
        patch.unlink()
    for f in (task / "subject").iterdir():
        f.unlink()
    messages = [f.message for f in dataset.check(hooks=HOOKS)]
    assert any("subject/" in m for m in messages) and any("meta/" in m for m in messages)
    assert not any("tests/" in m for m in messages)


def test_lay001_ready_needs_calibration(dataset):
    task = dataset.add_task(status="ready")
    assert dataset.codes(hooks=HOOKS) == []
    (task / "calibration.json").unlink()
    assert dataset.codes(hooks=HOOKS) == ["LAY001"]


def test_lay002_unknown_entry_with_hint(dataset):
    task = dataset.add_task()
    (task / "test").mkdir()
    (task / "test" / "x.py").write_text("x = 1\n")
    (task / "NOTES.md").write_text("scratch\n")
    findings = dataset.check(hooks=HOOKS)
    assert [f.code for f in findings] == ["LAY002", "LAY002"]
    assert "did you mean 'tests'" in findings[1].message


def test_lay002_allow_extra_entries_config(dataset):
    task = dataset.add_task()
    (task / "NOTES.md").write_text("scratch\n")
    dataset.write("taskgate.yaml", "allow_extra_entries: [NOTES.md]\n")
    assert dataset.codes(hooks=HOOKS) == []


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt", "uv.lock", "package-lock.json", "go.sum", "Cargo.lock", "pom.xml", ".dockerignore"])
def test_lay002_accepts_dependency_manifests_and_dockerignore(dataset, name):
    task = dataset.add_task()
    (task / name).write_text("pytest==8.3.3\n")
    assert dataset.codes(hooks=HOOKS) == []


def test_lay002_accepts_what_the_dockerfile_copies_by_name(dataset):
    task = dataset.add_task()
    (task / "env").mkdir()
    (task / "env" / "setup.sh").write_text("set -e\n")
    (task / "pytest.ini").write_text("[pytest]\n")
    (task / "NOTES.md").write_text("scratch\n")
    dockerfile = (task / "Dockerfile").read_text()
    (task / "Dockerfile").write_text(dockerfile + "COPY env/ /opt/env/\nCOPY pytest*.ini /task/\n")
    findings = dataset.check(hooks=HOOKS)
    assert [(f.code, f.path) for f in findings] == [("LAY002", "tasks/sum-list/NOTES.md")]
    assert "files the Dockerfile copies" in findings[0].message


@pytest.mark.parametrize("copy", ["COPY . /env/", "COPY * /env/", "ADD https://example.org/NOTES.md /env/", "COPY --from=builder NOTES.md /env/"])
def test_lay002_copying_the_whole_context_or_from_elsewhere_names_nothing(dataset, copy):
    task = dataset.add_task()
    (task / "NOTES.md").write_text("scratch\n")
    (task / "Dockerfile").write_text((task / "Dockerfile").read_text() + copy + "\n")
    assert dataset.codes(hooks=HOOKS) == ["LAY002"]


def test_lay003_id_mismatch_points_at_id_line(dataset):
    task = dataset.add_task()
    text = (task / "task.yaml").read_text().replace("id: sum-list", "id: other-id")
    (task / "task.yaml").write_text(text)
    [f] = dataset.check(hooks=HOOKS)
    assert (f.code, f.path, f.line, f.column) == ("LAY003", "tasks/sum-list/task.yaml", 2, 5)


def test_lay003_bad_directory_name(dataset):
    dataset.add_task("Bad_Name")
    assert "LAY003" in dataset.codes(hooks=HOOKS)


def test_lay004_symlink_to_etc_passwd(dataset):
    task = dataset.add_task()
    os.symlink("/etc/passwd", task / "tests" / "data.txt")
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "LAY004" and "leaves the repository" in f.message


def test_lay004_symlink_to_other_task_and_dangling(dataset):
    dataset.add_task("other-task")
    task = dataset.add_task()
    os.symlink("../../other-task/prompt.md", task / "solution" / "p.md")
    os.symlink("nowhere.py", task / "solution" / "gone.py")
    messages = sorted(f.message for f in dataset.check("tasks/sum-list", hooks=HOOKS))
    assert len(messages) == 2
    assert any("leaves the task directory" in m for m in messages)
    assert any("does not resolve" in m for m in messages)


def test_lay004_symlink_inside_task_is_fine(dataset):
    task = dataset.add_task()
    os.symlink("solution.py", task / "solution" / "alias.py")
    assert dataset.codes(hooks=HOOKS) == []


def test_lay005_huge_file(dataset):
    task = dataset.add_task()
    with open(task / "tests" / "big.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    codes = dataset.codes(hooks=HOOKS)
    assert codes == ["LAY005"]


def test_lay005_limit_is_configurable(dataset):
    dataset.add_task()
    dataset.write("taskgate.yaml", "max_file_size: 10\n")
    assert "LAY005" in dataset.codes(hooks=HOOKS)


def test_lay006_binary_in_code_dirs_only(dataset):
    task = dataset.add_task()
    (task / "solution" / "blob.bin").write_bytes(b"\x00\x01\x02")
    (task / "tests" / "latin1.py").write_bytes("x = 'caf\xe9'\n".encode("latin-1"))
    findings = dataset.check(hooks=HOOKS)
    assert [f.code for f in findings] == ["LAY006", "LAY006"]
    assert findings[1].line == 1 and findings[1].column == 9


def test_lay007_directory_instead_of_file(dataset):
    task = dataset.add_task()
    os.remove(task / "prompt.md")
    (task / "prompt.md").mkdir()
    (task / "prompt.md" / "x").write_text("x")
    assert "LAY007" in dataset.codes(hooks=HOOKS)


def test_lay008_too_few_mutants(dataset):
    task = dataset.add_task("clamp-tests", category="testing")
    (task / "meta/mutants/0.patch").unlink()
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "LAY008" and "found 2" in f.message
    dataset.write("taskgate.yaml", "min_mutants: 2\n")
    assert dataset.codes(hooks=HOOKS) == []


def test_junk_files_are_not_part_of_a_task(dataset):
    task = dataset.add_task()
    (task / "solution" / "__pycache__").mkdir()
    (task / "solution" / "__pycache__" / "solution.cpython-311.pyc").write_bytes(b"\x00junk")
    (task / ".DS_Store").write_bytes(b"\x00")
    assert dataset.codes(hooks=HOOKS) == []


def test_gitignored_files_are_skipped_in_git_repos(dataset, tmp_path):
    import subprocess

    task = dataset.add_task()
    subprocess.run(["git", "init", "-q", str(dataset.root)], check=True)
    dataset.write(".gitignore", "*.log\n")
    (task / "run.log").write_text("noise\n")
    assert dataset.codes(hooks=HOOKS) == []
    (task / "stray.txt").write_text("noise\n")
    assert dataset.codes(hooks=HOOKS) == ["LAY002"]
