"""The idiomatic hook: ruff over Python ground truth, through taskgate's codes and waivers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from taskgate.hooks.core import engine
from taskgate.hooks.rules.idiomatic import ruff_runner as idiomatic_ruff
from taskgate.hooks.workspace.repo import Repo

EXAMPLES = Path(__file__).resolve().parents[4] / "examples" / "dataset"

SMELLY = """\
import os


def collect(items, seen=[]):
    out = list([i for i in items])
    if items == None:
        return seen
    if out:
        flag = True
    else:
        flag = False
    return out, flag
"""


def make_repo(root: Path, files: dict[str, str], config: str = "") -> Repo:
    (root / "taskgate.yaml").write_text("schema_version: 1\n" + config)
    for rel, content in files.items():
        path = root / "tasks" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    return Repo(root)


def found(repo: Repo, paths: list[Path] | None = None) -> list[tuple[str, int, int, str, str]]:
    report = engine.run(repo, paths or [], hooks=("idiomatic",))
    return [(f.path, f.line, f.column, f.code, f.message) for f in report.findings]


def test_each_ruff_group_maps_to_its_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/solution/gt.py": SMELLY})
    got = [(line, col, code, message.split("(ruff ")[1].split(")")[0]) for _, line, col, code, message in found(repo)]
    assert got == [
        (1, 8, "IDI001", "F401 unused-import"),
        (4, 25, "IDI003", "B006 mutable-argument-default"),
        (5, 11, "IDI005", "C411 unnecessary-list-call"),
        (5, 16, "IDI005", "C416 unnecessary-comprehension"),
        (6, 17, "IDI002", "E711 none-comparison"),
        (8, 5, "IDI004", "SIM108 if-else-block-instead-of-if-exp"),
    ]
    message = found(repo)[0][4]
    assert message.startswith("`os` imported but unused (ruff F401 unused-import); fix: Remove unused import")


def test_complexity_limit_is_configurable(tmp_path: Path) -> None:
    branchy = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(11)) + "    return -1\n"
    repo = make_repo(tmp_path, {"t1/solution/gt.py": branchy})
    [(_, line, col, code, message)] = found(repo)
    assert (line, col, code) == (1, 5, "IDI006") and "C901" in message and "(12 > 10)" in message
    assert found(make_repo(tmp_path, {}, "idiomatic:\n  max_complexity: 12\n")) == []
    assert [c for *_, c, _ in found(make_repo(tmp_path, {}, "idiomatic:\n  max_complexity: 3\n"))] == ["IDI006"]


def test_ignore_list_and_default_ignores(tmp_path: Path) -> None:
    long_line = "VALUE = " + "1 + " * 40 + "1\n"
    repo = make_repo(tmp_path, {"t1/solution/gt.py": "import os\n" + long_line + "PAIRS = list(zip([1], [2]))\n"})
    assert [f[3] for f in found(repo)] == ["IDI001"]
    assert found(make_repo(tmp_path, {}, "idiomatic:\n  ignore: [F401]\n")) == []


def test_package_reexports_are_not_unused_imports(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/solution/pkg/__init__.py": "from .core import solve\n",
        "t1/solution/pkg/core.py": "import os\n\n\ndef solve():\n    return 1\n",
    })
    assert [(path, line, code) for path, line, _, code, _ in found(repo)] == [("tasks/t1/solution/pkg/core.py", 1, "IDI001")]


def test_only_solution_python_is_ground_truth(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/test_x.py": SMELLY, "t1/subject/s.py": SMELLY, "t1/solution/notes.txt": SMELLY,
        "t1/solution/pkg/clean.py": "def f(x):\n    return x + 1\n",
    })
    assert found(repo) == []


def test_repository_ruff_config_and_noqa_do_not_change_results(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E501"]\nignore = ["F401"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nignore = ["F"]\n')
    repo = make_repo(tmp_path, {
        "t1/solution/gt.py": "import os  # noqa: F401\nimport sys\n",
        "t1/solution/pyproject.toml": '[tool.ruff]\nexclude = ["gt.py"]\n',
    })
    assert [(line, code) for _, line, _, code, _ in found(repo)] == [(1, "IDI001"), (2, "IDI001")]


def test_taskgate_waiver_silences_a_finding(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/solution/gt.py": "import os  # taskgate: ignore[IDI001] re-exported for the tests\nimport sys\n"})
    assert [(line, code) for _, line, _, code, _ in found(repo)] == [(2, "IDI001")]


def test_undecodable_file_is_left_to_layout(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/solution/ok.py": "X = 1\n"})
    (tmp_path / "tasks" / "t1" / "solution" / "latin.py").write_bytes(b"x = '\xe9'\n")
    assert found(repo) == []


def test_syntax_error_is_reported_once(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/solution/gt.py": "def f(:\n    return (\n"})
    [(_, line, col, code, message)] = found(repo)
    assert (line, code) == (1, "IDI007") and message.startswith("does not parse:")


def test_batched_results_equal_single_task_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {}
    for i in range(40):
        body = SMELLY if i % 3 == 0 else f"def f{i}(x):\n    return x * {i}\n"
        files[f"t{i:02d}/solution/gt.py"] = body
    repo = make_repo(tmp_path, files)
    runs: list[int] = []
    real = idiomatic_ruff.RuffBatch._run_one

    def counting(self: idiomatic_ruff.RuffBatch, paths: list[str]) -> None:
        runs.append(len(paths))
        real(self, paths)

    monkeypatch.setattr(idiomatic_ruff.RuffBatch, "_run_one", counting)
    whole = found(repo)
    assert sum(runs) == 40 and len(runs) <= 7  # windows 1, 2, 4, 8, 16, 9
    one_by_one = [f for i in range(40) for f in found(Repo(tmp_path), [tmp_path / "tasks" / f"t{i:02d}"])]
    assert whole == sorted(one_by_one)
    assert len({f[0] for f in whole}) == 14


def test_missing_ruff_is_one_clear_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idiomatic_ruff, "find_ruff", lambda: (None, "ruff not found: the `ruff` package is not installed"))
    monkeypatch.setattr("taskgate.hooks.rules.idiomatic.hook.find_ruff", idiomatic_ruff.find_ruff)
    repo = make_repo(tmp_path, {"t1/solution/gt.py": SMELLY, "t2/solution/gt.py": SMELLY})
    assert [(path, code) for path, _, _, code, _ in found(repo)] == [("taskgate.yaml", "IDI008")]


def test_example_dataset_ground_truth_is_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "taskgate", "check", "--hook", "idiomatic", "--hook", "determinism"],
                         capture_output=True, text=True, cwd=EXAMPLES)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""


def test_invalid_config_is_a_config_finding(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/solution/gt.py": "X = 1\n"}, "idiomatic:\n  max_complexity: 0\n")
    report = engine.run(repo, hooks=("config", "idiomatic"))
    assert [f.code for f in report.findings if f.path == "taskgate.yaml"]
