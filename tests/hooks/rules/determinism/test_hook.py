"""The determinism hook end to end: dispatch, findings, waivers, conftest seeding, CLI output."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from taskgate.hooks.rules.determinism import hook as determinism
from taskgate.hooks.core import engine
from taskgate.hooks.core import registry
from taskgate.hooks.workspace.repo import Repo


def make_repo(root: Path, files: dict[str, str | bytes]) -> Repo:
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    for rel, content in files.items():
        path = root / "tasks" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content))
    return Repo(root)


def found(repo: Repo, hooks: tuple[str, ...] = ("determinism",)) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in engine.run(repo, hooks=hooks).findings]


def test_findings_in_solution_tests_and_subject_only(tmp_path: Path) -> None:
    clock = "import time\nNOW = time.time()\n"
    repo = make_repo(tmp_path, {
        "t1/solution/a.py": clock, "t1/tests/test_a.py": clock, "t1/subject/s.py": clock,
        "t1/meta/tool.py": clock, "t1/notes.py": clock,
    })
    assert found(repo) == [
        ("tasks/t1/solution/a.py", 2, "DET101"),
        ("tasks/t1/subject/s.py", 2, "DET101"),
        ("tasks/t1/tests/test_a.py", 2, "DET101"),
    ]


def test_waiver_with_reason_silences_one_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/tests/test_clock.py": """\
        import time

        def test_result_ignores_the_clock():
            a = time.time()  # taskgate: ignore[DET101] proves the result does not depend on the clock
            # taskgate: ignore[DET101] the next line too, waived from its own line
            b = time.time()
            c = time.time()  # taskgate: ignore[DET101]
            d = time.time()
            assert a <= b <= c <= d
        """})
    assert found(repo) == [("tasks/t1/tests/test_clock.py", 7, "DET101"), ("tasks/t1/tests/test_clock.py", 8, "DET101")]
    with_layout = found(repo, ("layout", "determinism"))
    assert ("tasks/t1/tests/test_clock.py", 7, "WVR001") in with_layout


def test_repository_waiver_and_disable(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/tests/test_x.py": "import random\nx = random.random()\n"})
    assert found(repo) == [("tasks/t1/tests/test_x.py", 2, "DET201")]
    (tmp_path / "taskgate.yaml").write_text(
        "schema_version: 1\nwaivers:\n  - {rule: DET201, path: tasks/t1/tests, reason: legacy suite, owner: qa, expires: '2999-01-01'}\n")
    assert found(Repo(tmp_path)) == []


def test_conftest_autouse_seed_reaches_tests_below_it(tmp_path: Path) -> None:
    conftest = """\
        import random
        import pytest

        @pytest.fixture(autouse=True)
        def _seed():
            random.seed(1234)
        """
    draw = "import random\n\ndef test_draw():\n    assert random.random() < 1\n"
    repo = make_repo(tmp_path, {
        "t1/tests/conftest.py": conftest, "t1/tests/test_top.py": draw, "t1/tests/deep/test_deep.py": draw,
        "t1/solution/gt.py": "import random\n\ndef pick(xs):\n    return random.choice(xs)\n",
        "t2/tests/test_top.py": draw,
    })
    assert found(repo) == [("tasks/t1/solution/gt.py", 4, "DET201"), ("tasks/t2/tests/test_top.py", 4, "DET201")]


def test_conftest_fixture_requested_by_name(tmp_path: Path) -> None:
    conftest = """\
        import numpy as np
        import pytest

        @pytest.fixture
        def np_seed():
            np.random.seed(7)
        """
    repo = make_repo(tmp_path, {
        "t1/tests/conftest.py": conftest,
        "t1/tests/test_a.py": "import numpy as np\n\ndef test_a(np_seed):\n    assert np.random.rand() < 1\n",
        "t1/tests/test_b.py": "import numpy as np\n\ndef test_b():\n    assert np.random.rand() < 1\n",
    })
    assert found(repo) == [("tasks/t1/tests/test_b.py", 4, "DET201")]


def test_unreadable_files_are_left_to_layout(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/blob.py": b"import time\0\xff\xfe",
        "t1/tests/latin.py": "# just text\n".encode() + b"x = '\xe9'\n",
        "t1/tests/syntax.py": "import time\ndef f(:\n    time.time()\n",
        "t1/solution/ok.py": "import time\nt = time.time()\n",
    })
    assert found(repo) == [("tasks/t1/solution/ok.py", 2, "DET101")]


def test_a_missing_or_broken_analyser_module_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModuleNotFoundError):
        determinism.load_analyser("taskgate.hooks.no_such_analyser_module")
    (tmp_path / "tg_broken_analyser.py").write_text("import tg_dependency_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        determinism.load_analyser("tg_broken_analyser")


def test_rules_are_grouped_by_category() -> None:
    out = subprocess.run([sys.executable, "-m", "taskgate", "rules", "--format", "json"], capture_output=True, check=True, text=True)
    categories = {r["code"]: r["category"] for r in json.loads(out.stdout)}
    assert {c: categories[c] for c in ("DET101", "DET102")} == {"DET101": "time", "DET102": "time"}
    assert {categories[c] for c in ("DET201", "DET202", "DET203", "DET204", "DET205")} == {"randomness"}
    assert {categories[c] for c in ("DET301", "DET302")} == {"network"}
    for code in ("DET101", "DET201", "DET205", "DET301", "DET302"):
        assert registry.get(code).limits  # type: ignore[union-attr]


def test_hook_cli_output_and_exit_code(tmp_path: Path) -> None:
    make_repo(tmp_path, {"t1/tests/test_net.py": "import requests\n\ndef test_remote():\n    assert requests.get('https://example.com').ok\n"})
    target = tmp_path / "tasks" / "t1" / "tests" / "test_net.py"
    run = [sys.executable, "-m", "taskgate.hooks.main", "determinism", str(target)]
    first = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert first.returncode == 1
    assert first.stdout.startswith("tasks/t1/tests/test_net.py:4:12: DET301 `requests.get()` reaches the network")
    assert subprocess.run(run, capture_output=True, text=True, cwd=tmp_path).stdout == first.stdout
    as_json = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, cwd=tmp_path)
    [record] = json.loads(as_json.stdout)
    assert (record["code"], record["category"], record["line"], record["column"]) == ("DET301", "network", 4, 12)
