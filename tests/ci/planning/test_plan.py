"""`taskgate plan` on real git repositories: merges, renames, deletions, global changes, shallow clones."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from taskgate.cli import main

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


class Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def task(self, task_id: str, body: str = "x", root: str = "tasks") -> None:
        self.write(f"{root}/{task_id}/task.yaml", f"id: {task_id}\ntitle: {task_id}\n")
        self.write(f"{root}/{task_id}/prompt.md", f"# {task_id}\n\nWrite the function.\n")
        self.write(f"{root}/{task_id}/solution/sol.py", f"def f():\n    return {body!r}\n")
        self.write(f"{root}/{task_id}/tests/test_sol.py", "from sol import f\n\ndef test_f():\n    assert f()\n")

    def commit(self, message: str) -> str:
        self("add", "-A")
        self("commit", "-q", "--allow-empty", "-m", message)
        return self("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Git:
    g = Git(tmp_path / "dataset")
    g.root.mkdir()
    g("init", "-q", "-b", "main")
    g.write("taskgate.yaml", "schema_version: 1\n")
    g.write("README.md", "dataset\n")
    for name in ("alpha", "bravo", "charlie", "delta"):
        g.task(name)
    g.commit("initial")
    g("checkout", "-q", "-b", "pr")
    return g


def plan(g: Git, *args: str, capsys: pytest.CaptureFixture[str]) -> dict:
    code = main(["plan", "--repo", str(g.root), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def changes(data: dict) -> list[tuple[str, str, str | None]]:
    return [(c["task"], c["change"], c.get("from")) for c in data["changes"]]


def test_modified_added_and_deleted_tasks(repo: Git, capsys):
    repo.write("tasks/alpha/prompt.md", "# alpha\n\nChanged.\n")
    repo.write("tasks/echo/task.yaml", "schema_version: 1\nid: echo\ncategory: algorithms\n")
    repo.write("tasks/echo/prompt.md", "Implement an echo server that answers each line.\n")
    repo("rm", "-rq", "tasks/charlie")
    repo.commit("pr work")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("alpha", "modified", None), ("charlie", "deleted", None), ("echo", "added", None)]
    assert data["tasks"] == ["tasks/alpha", "tasks/echo"]
    assert data["deleted"] == ["tasks/charlie"]
    assert data["all"] is False and data["empty"] is False
    assert [e["tasks"] for e in data["matrix"]["include"]] == ["alpha", "echo"]


def test_renamed_task_directory_is_one_task(repo: Git, capsys):
    repo("mv", "tasks/bravo", "tasks/bravo-two")
    repo.write("tasks/bravo-two/task.yaml", "id: bravo-two\ntitle: bravo\n")  # the id follows the directory
    repo.commit("rename")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("bravo-two", "renamed", "tasks/bravo")]
    assert data["tasks"] == ["tasks/bravo-two"] and data["deleted"] == []


def test_rename_found_past_gits_rename_limit(repo: Git, capsys):
    """On a huge diff git gives up similarity matching, but still pairs the unchanged files."""
    repo("config", "diff.renameLimit", "1")
    repo("mv", "tasks/delta", "tasks/delta-renamed")
    repo("mv", "tasks/charlie", "tasks/charlie-renamed")
    repo.write("tasks/delta-renamed/task.yaml", "id: delta-renamed\ntitle: delta\n")
    repo.commit("rename")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("charlie-renamed", "renamed", "tasks/charlie"), ("delta-renamed", "renamed", "tasks/delta")]


def test_new_task_copied_from_another_is_added_not_renamed(repo: Git, capsys):
    for rel in ("task.yaml", "prompt.md", "solution/sol.py", "tests/test_sol.py"):
        repo.write(f"tasks/alpha-copy/{rel}", (repo.root / "tasks/alpha" / rel).read_text())
    repo.commit("copy")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("alpha-copy", "added", None)]


def test_rewritten_task_under_a_new_name_is_a_delete_and_an_add(repo: Git, capsys):
    repo("rm", "-rq", "tasks/alpha")
    repo.task("zulu", body="something else entirely")
    repo.write("tasks/zulu/prompt.md", "# A different prompt\n\nNothing alike.\n")
    repo.write("tasks/zulu/tests/test_sol.py", "def test_other():\n    assert 1 + 1 == 2\n")
    repo.commit("replace")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("alpha", "deleted", None), ("zulu", "added", None)]


def test_file_moved_between_tasks_modifies_both(repo: Git, capsys):
    repo("mv", "tasks/alpha/solution/sol.py", "tasks/bravo/solution/extra.py")
    repo.commit("move a file")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert changes(data) == [("alpha", "modified", None), ("bravo", "modified", None)]


def test_merge_base_excludes_what_main_did_meanwhile(repo: Git, capsys):
    repo.write("tasks/alpha/prompt.md", "# alpha\n\nPR change.\n")
    repo.commit("pr change")
    repo("checkout", "-q", "main")
    repo.write("tasks/delta/prompt.md", "# delta\n\nMain moved on.\n")
    repo.commit("main change")
    repo("checkout", "-q", "pr")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert [c["task"] for c in data["changes"]] == ["alpha"]
    # Merging main into the PR branch brings main's change in, but not into the plan.
    repo("merge", "-q", "--no-edit", "main")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert [c["task"] for c in data["changes"]] == ["alpha"]


def test_config_change_selects_every_task(repo: Git, capsys):
    repo.write("taskgate.yaml", "schema_version: 1\nmin_mutants: 4\n")
    repo.write("tasks/alpha/prompt.md", "# alpha\n\nalso changed\n")
    repo.commit("config")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["all"] is True
    assert data["reasons"] == ["taskgate.yaml changed"]
    assert data["tasks"] == ["tasks/alpha", "tasks/bravo", "tasks/charlie", "tasks/delta"]
    assert changes(data) == [("alpha", "modified", None)]


def test_tasks_root_change_selects_every_task_at_the_new_root(repo: Git, capsys):
    repo("mv", "tasks", "data")
    repo.write("taskgate.yaml", "schema_version: 1\ntasks_root: data\n")
    repo.commit("move the root")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["all"] is True and data["tasks_root"] == "data"
    assert data["tasks"] == ["data/alpha", "data/bravo", "data/charlie", "data/delta"]


PRECOMMIT = """repos:
  - repo: https://github.com/example/taskgate
    rev: {rev}
    hooks:
      - id: taskgate-layout
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: {other}
    hooks:
      - id: end-of-file-fixer
"""


def test_only_the_taskgate_pin_in_precommit_config_is_global(tmp_path: Path, capsys):
    g = Git(tmp_path / "d")
    g.root.mkdir()
    g("init", "-q", "-b", "main")
    g.task("alpha")
    g.task("bravo")
    g.write(".pre-commit-config.yaml", PRECOMMIT.format(rev="1111111", other="v4.0.0"))
    g.commit("initial")
    g.write(".pre-commit-config.yaml", PRECOMMIT.format(rev="1111111", other="v5.0.0"))
    g.commit("bump another hook")
    assert plan(g, "--base", "HEAD^", capsys=capsys)["empty"] is True
    g.write(".pre-commit-config.yaml", PRECOMMIT.format(rev="2222222", other="v5.0.0"))
    g.commit("bump taskgate")
    data = plan(g, "--base", "HEAD^", capsys=capsys)
    assert data["all"] is True and data["count"] == 2
    assert data["reasons"] == ["the taskgate pin in .pre-commit-config.yaml changed"]


def test_workflows_that_run_taskgate_are_global(repo: Git, capsys):
    repo.write(".github/workflows/docs.yml", "on: push\njobs: {}\n")
    repo.commit("unrelated workflow")
    assert plan(repo, "--base", "main", capsys=capsys)["empty"] is True
    repo.write(".github/workflows/checks.yml", "jobs:\n  t:\n    uses: org/taskgate/.github/workflows/gate.yml@abc\n")
    repo.commit("taskgate workflow")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["all"] is True
    assert data["reasons"] == [".github/workflows/checks.yml (a workflow that runs taskgate) changed"]


def test_configured_global_paths(repo: Git, capsys):
    repo.write("taskgate.yaml", "schema_version: 1\nplan:\n  global_paths: [base-images, 'shared/*.Dockerfile']\n")
    repo.write("base-images/python/Dockerfile", "FROM scratch\n")
    repo.write("shared/node.Dockerfile", "FROM scratch\n")
    repo.write("shared/notes.md", "notes\n")
    repo.commit("set up")
    repo("branch", "-f", "main", "HEAD")
    repo.write("shared/notes.md", "more notes\n")
    repo.commit("not global")
    assert plan(repo, "--base", "main", capsys=capsys)["empty"] is True
    repo.write("base-images/python/Dockerfile", "FROM scratch\nENV A=1\n")
    repo.write("shared/node.Dockerfile", "FROM scratch\nENV B=1\n")
    repo.commit("global")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["reasons"] == [
        "base-images/python/Dockerfile changed (plan.global_paths: base-images)",
        "shared/node.Dockerfile changed (plan.global_paths: shared/*.Dockerfile)",
    ]
    assert data["count"] == 4


def test_empty_plan_skips_cleanly(repo: Git, capsys, tmp_path: Path):
    repo.write("README.md", "only the readme\n")
    repo.write("tasks/NOTES.md", "a file in the tasks root is no task\n")
    repo.write("tasks/.shared/x.txt", "hidden directories are no tasks\n")
    repo.commit("docs")
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n")
    data = plan(repo, "--base", "main", "--github-output", str(out), capsys=capsys)
    assert data["empty"] is True and data["tasks"] == [] and data["matrix"] == {"include": []}
    lines = out.read_text().splitlines()
    assert lines[0] == "earlier=1"
    assert 'matrix={"include":[]}' in lines and "empty=true" in lines and "count=0" in lines


def test_github_outputs_of_a_nonempty_plan(repo: Git, capsys, tmp_path: Path):
    repo.write("tasks/alpha/prompt.md", "# changed\n")
    repo.write("tasks/bravo/prompt.md", "# changed\n")
    repo.commit("two tasks")
    out = tmp_path / "github_output"
    plan(repo, "--base", "main", "--shards", "1", "--github-output", str(out), capsys=capsys)
    values = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert json.loads(values["matrix"]) == {"include": [{"shard": 1, "of": 1, "label": "alpha .. bravo (2 tasks)", "tasks": "alpha bravo", "paths": "tasks/alpha tasks/bravo"}]}
    assert values["empty"] == "false" and values["count"] == "2" and values["shards"] == "1"


def test_unsafe_task_names_stay_out_of_the_matrix(repo: Git, capsys):
    repo.task("bad name;rm")
    repo.task("echo")
    repo.commit("odd name")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["tasks"] == ["tasks/bad name;rm", "tasks/echo"]  # the static gate still sees it
    assert data["not_in_matrix"] == ["tasks/bad name;rm"]
    assert [e["tasks"] for e in data["matrix"]["include"]] == ["echo"]


def test_dataset_in_a_subdirectory(tmp_path: Path, capsys):
    g = Git(tmp_path / "mono")
    g.root.mkdir()
    g("init", "-q", "-b", "main")
    g.write("data/taskgate.yaml", "tasks_root: items\n")
    g.task("alpha", root="data/items")
    g.task("bravo", root="data/items")
    g.write("tasks/not-ours/task.yaml", "id: not-ours\n")
    g.commit("initial")
    g.write("data/items/bravo/prompt.md", "# changed\n")
    g.write("tasks/not-ours/task.yaml", "id: changed\n")
    g.commit("change")
    code = main(["plan", "--repo", str(g.root / "data"), "--base", "HEAD^"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["tasks"] == ["items/bravo"] and data["tasks_root"] == "items"
    cwd = os.getcwd()
    os.chdir(g.root / "data")
    try:
        assert main(["plan", "--base", "HEAD^", "--format", "paths"]) == 0
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out == "items/bravo\n"


def test_all_plans_every_task(repo: Git, capsys):
    data = plan(repo, "--all", "--max-per-shard", "3", capsys=capsys)
    assert data["all"] is True and data["base"] is None and data["count"] == 4
    assert [e["tasks"] for e in data["matrix"]["include"]] == ["alpha bravo", "charlie delta"]


def test_fetch_depth_counts_both_sides_of_the_merge_base(repo: Git, capsys):
    for i in range(3):
        repo.write("tasks/alpha/prompt.md", f"# alpha {i}\n")
        repo.commit(f"pr {i}")
    repo("checkout", "-q", "main")
    for i in range(5):
        repo.write("README.md", f"main {i}\n")
        repo.commit(f"main {i}")
    repo("checkout", "-q", "pr")
    assert plan(repo, "--base", "main", capsys=capsys)["fetch_depth"] == 6


def test_text_and_summary(repo: Git, capsys, tmp_path: Path):
    repo("mv", "tasks/bravo", "tasks/bravo-two")
    repo.commit("rename")
    summary = tmp_path / "summary.md"
    assert main(["plan", "--repo", str(repo.root), "--base", "main", "--format", "text", "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "1 task(s) to check in 1 shard(s)" in out.splitlines()[0]
    assert "renamed   tasks/bravo-two (from tasks/bravo)" in out
    assert "| `tasks/bravo-two` | renamed from `tasks/bravo` |" in summary.read_text()


# --- shallow clones -----------------------------------------------------------------------------

def _clone(source: Git, dest: Path, *args: str) -> Git:
    subprocess.run(["git", "clone", "-q", *args, f"file://{source.root}", str(dest)], check=True, env={**os.environ, **GIT_ENV})
    return Git(dest)


def test_shallow_clone_without_the_merge_base_says_what_to_fetch(repo: Git, capsys, tmp_path: Path):
    for i in range(3):
        repo.write("tasks/alpha/prompt.md", f"# alpha {i}\n")
        repo.commit(f"pr {i}")
    clone = _clone(repo, tmp_path / "shallow", "--depth", "1", "--branch", "pr", "--no-single-branch")
    code = main(["plan", "--repo", str(clone.root), "--base", "origin/main"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "not in this shallow clone" in err and "fetch-depth: 0" in err and "--base HEAD^1" in err


def test_merge_commit_at_depth_two_is_enough(repo: Git, capsys, tmp_path: Path):
    """What actions/checkout gives a pull_request run: the merge commit, its two parents, no more."""
    for i in range(4):
        repo.write("tasks/alpha/prompt.md", f"# alpha {i}\n")
        repo.commit(f"pr {i}")
    repo("checkout", "-q", "main")
    repo.write("tasks/delta/prompt.md", "# main moved\n")
    repo.commit("main moves")
    repo("checkout", "-q", "-b", "merge", "main")
    repo("merge", "-q", "--no-ff", "--no-edit", "pr")
    clone = _clone(repo, tmp_path / "shallow", "--depth", "2", "--branch", "merge")
    assert clone("rev-parse", "--is-shallow-repository") == "true"
    data = plan(clone, "--base", "HEAD^1", capsys=capsys)
    assert [c["task"] for c in data["changes"]] == ["alpha"]
    assert data["fetch_depth"] == 2


# --- errors -----------------------------------------------------------------------------------

def test_not_a_git_repository(tmp_path: Path, capsys):
    assert main(["plan", "--repo", str(tmp_path), "--base", "main"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_unknown_base(repo: Git, capsys):
    assert main(["plan", "--repo", str(repo.root), "--base", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "--base 'no-such-branch' is not a commit in this repository" in err
    assert "Traceback" not in err


def test_unrelated_histories(repo: Git, capsys):
    repo("checkout", "-q", "--orphan", "other")
    repo.commit("orphan")
    assert main(["plan", "--repo", str(repo.root), "--base", "main"]) == 2
    assert "share no history" in capsys.readouterr().err


def test_broken_config_at_head_still_plans(repo: Git, capsys):
    repo.write("taskgate.yaml", "tasks_root: [unclosed\n")
    repo.commit("broken config")
    data = plan(repo, "--base", "main", capsys=capsys)
    assert data["all"] is True and data["count"] == 4  # defaults apply; the config rules report it


def test_same_repository_same_bytes(repo: Git, capsys):
    repo("mv", "tasks/bravo", "tasks/bravo-two")
    repo.task("echo")
    repo.commit("work")
    first = main(["plan", "--repo", str(repo.root), "--base", "main"]), capsys.readouterr().out
    second = main(["plan", "--repo", str(repo.root), "--base", "main"]), capsys.readouterr().out
    assert first == second


# --- the `plan` section of taskgate.yaml --------------------------------------------------------

@pytest.mark.parametrize(
    ("section", "ok"),
    [
        ("plan:\n  global_paths: [base-images, 'docker/*.Dockerfile']\n", True),
        ("plan: {}\n", True),
        ("plan:\n  global_paths: base-images\n", False),
        ("plan:\n  global_paths: [/etc/passwd]\n", False),
        ("plan:\n  global_path: [x]\n", False),
    ],
)
def test_plan_config_is_validated(tmp_path: Path, capsys, section: str, ok: bool):
    (tmp_path / "taskgate.yaml").write_text("schema_version: 1\n" + section)
    code = main(["check", "--repo", str(tmp_path), "--hook", "config"])
    out = capsys.readouterr().out
    assert (code == 0) is ok and ("CFG001" in out) is (not ok), out
