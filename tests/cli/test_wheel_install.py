"""taskgate as a user installs it: the built wheel, installed NOT editable into a fresh venv.

An editable install finds task-template/ and schemas/ in the checkout, so every other test would
pass while `taskgate new` fails for everyone who ran `pip install .`. Here the wheel is built from
a copy of the sources pip would see (a hidden file and a hidden directory planted in the template
prove dotfiles ship), installed into a new venv whose only taskgate is the wheel's, and the
newcomer's commands run from it in a fresh dataset repository. Dependencies come from the running
environment through a path entry (no download); the taskgate package must come from the venv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "MANIFEST.in", "taskgate", "hooks", "ci", "schemas", "task-template")
PROBES = ("rust/.dockerignore", "rust/.hidden/nested/.keep")

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if ok:
        assert proc.returncode == 0, f"{cmd}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def source_files() -> list[str]:
    """What a clean clone holds (tracked plus new, not ignored, files)."""
    out = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *SOURCES], REPO).stdout
    return sorted({name for name in out.split("\0") if name and (REPO / name).is_file()})


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in source_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, src / name)
    for probe in PROBES:
        (src / "task-template" / probe).parent.mkdir(parents=True, exist_ok=True)
        (src / "task-template" / probe).write_text("probe\n")
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)], src)
    (built,) = dist.glob("taskgate-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], env_dir)
    python = env_dir / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env_dir).stdout.strip()
    # The dependencies of the running environment, as a plain path entry: its .pth files (an
    # editable taskgate among them) are not executed, so taskgate itself can only be the wheel's.
    deps = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    Path(purelib, "zz-test-dependencies.pth").write_text("".join(d + "\n" for d in deps))
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)], env_dir)
    return env_dir


def test_the_wheel_ships_every_template_and_schema_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"taskgate/task_template/{n[len('task-template/'):]}" for n in source_files() if n.startswith("task-template/")}
    expected |= {f"taskgate/task_template/{p}" for p in PROBES}
    expected |= {f"taskgate/schemas/{n[len('schemas/'):]}" for n in source_files() if n.startswith("schemas/")}
    assert expected - names == set()


def test_the_installed_wheel_runs_the_newcomer_commands(venv, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    run(["git", "init", "-q"], dataset)

    where = run([str(venv / "bin" / "python"), "-c", "import taskgate.hooks.workspace.resources as r; print(r.__file__); print(r.template_dir())"], dataset, env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # not the checkout

    taskgate = str(venv / "bin" / "taskgate")
    new = run([taskgate, "new", "two-sum", "--category", "algorithms", "--language", "python"], dataset, env)
    assert "created tasks/two-sum/" in new.stderr
    assert (dataset / "tasks" / "two-sum" / "solution").is_dir()

    check = run([taskgate, "check", "tasks/two-sum"], dataset, env)
    assert "1 task(s) checked" in check.stderr

    rules = run([taskgate, "rules", "LAY005"], dataset, env)
    assert rules.stdout.startswith("LAY005 ")
    assert json.loads(run([taskgate, "rules", "--format", "json"], dataset, env).stdout)

    run([taskgate, "report", "--out", "report.html"], dataset, env)
    assert "<html" in (dataset / "report.html").read_text(encoding="utf-8").lower()

    export = run([taskgate, "export", "--out", "export"], dataset, env)
    manifest = json.loads((dataset / "export" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["tasks"] == 1 and "left out two-sum" in export.stderr
