"""Without the `ci` extra every command works or says, in one line, what to install (exit 2).

The optional libraries are made unimportable for real (`sys.modules[name] = None` makes Python's
import raise ModuleNotFoundError, as a missing package does) in a fresh interpreter per command.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from taskgate import extras

BLOCK = """
import sys
for name in {modules!r}:
    sys.modules[name] = None
from taskgate.cli import main
sys.exit(main(sys.argv[1:]))
"""

NEEDS_EXTRA = [
    ("plan --base HEAD", "GitPython"),
    ("export --since HEAD", "GitPython"),
    ("export --parquet", "pyarrow"),
    ("build tasks/two-sum", "docker"),
    ("verify-build tasks/two-sum", "docker"),
    ("test tasks/two-sum", "docker"),
    ("gate tasks/two-sum", "docker"),
]
WORKS_WITHOUT = ["check", "rules LAY001", "report", "lint-dockerfile tasks/two-sum/Dockerfile", "new other-task --category algorithms --language go"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ds")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([sys.executable, "-m", "taskgate", "new", "two-sum", "--category", "algorithms", "--language", "python"], cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a task"], cwd=root, check=True)
    return root


def taskgate_without(modules: tuple[str, ...], argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCK.format(modules=modules), *argv.split()], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("argv, distribution", NEEDS_EXTRA, ids=[a for a, _ in NEEDS_EXTRA])
def test_a_command_needing_an_extra_says_which_in_one_line(dataset, argv, distribution):
    proc = taskgate_without(tuple(extras.OPTIONAL_MODULES), argv, dataset)
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.splitlines()
    command = argv.split()[0]
    assert line.startswith(f"taskgate {command}: error: this needs {distribution} "), line
    assert line.endswith("pip install 'taskgate[ci]'"), line


@pytest.mark.parametrize("argv", WORKS_WITHOUT)
def test_static_commands_need_no_extra(dataset, argv):
    proc = taskgate_without(tuple(extras.OPTIONAL_MODULES), argv, dataset)
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "pip install" not in proc.stderr


def test_every_module_named_is_in_the_ci_extra():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    ci = {r.split(">")[0].split("=")[0].split("[")[0].strip().lower() for r in pyproject["project"]["optional-dependencies"]["ci"]}
    assert {d.lower() for d in extras.OPTIONAL_MODULES.values()} == ci
    assert all(extras.extra_for(d) == "ci" for d in extras.OPTIONAL_MODULES.values())


def test_other_missing_modules_stay_internal_errors():
    assert extras.missing_message(ModuleNotFoundError("x", name="yaml")) is None
    assert "taskgate[ci]" in extras.missing_message(ModuleNotFoundError("x", name="docker.errors"))
