"""Reading candidates, refusing the ones that could tamper with the runner, stubs (no Docker)."""

from __future__ import annotations

import ast
import os

import pytest

from taskgate.ci.sandbox.candidate import Candidate, early_exit_of, empty, hijacks, new_modules, read_dir, stub_of

GT = Candidate("ground truth", {"intervals.py": b"def merge(x):\n    return x\n"})


def write(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return root


def test_read_dir_drops_bytecode_and_hashes_content(tmp_path):
    write(tmp_path, {"intervals.py": "x = 1\n", "__pycache__/intervals.cpython-311.pyc": b"\0", "old.pyc": b"\0"})
    cand = read_dir(tmp_path)
    assert set(cand.files) == {"intervals.py"} and not cand.rejected
    assert any("bytecode" in n for n in cand.notes)
    assert cand.hash == Candidate("x", {"intervals.py": b"x = 1\n"}).hash
    assert cand.hash != Candidate("x", {"intervals.py": b"x = 2\n"}).hash


def test_symlink_leaving_the_candidate_is_refused(tmp_path):
    (tmp_path / "cand").mkdir()
    (tmp_path / "secret").write_text("s")
    os.symlink(tmp_path / "secret", tmp_path / "cand" / "intervals.py")
    assert "symlink" in read_dir(tmp_path / "cand").rejected


def test_symlink_inside_the_candidate_is_read_as_a_copy(tmp_path):
    write(tmp_path, {"impl.py": "x = 1\n"})
    os.symlink("impl.py", tmp_path / "intervals.py")
    cand = read_dir(tmp_path)
    assert cand.files["intervals.py"] == b"x = 1\n" and not cand.rejected


@pytest.mark.parametrize("rel, why", [
    ("conftest.py", "conftest"),
    ("pkg/conftest.py", "conftest"),
    ("sitecustomize.py", "start-up"),
    ("usercustomize.py", "start-up"),
    ("evil-1.0.dist-info/entry_points.txt", "metadata"),
    ("evil.egg-info/entry_points.txt", "metadata"),
    ("pytest.py", "shadows"),
    ("_pytest/__init__.py", "shadows"),
    ("pluggy/__init__.py", "shadows"),
    ("json.py", "shadows"),
    ("unittest/__init__.py", "shadows"),
])
def test_files_that_load_into_the_test_runner_are_refused(rel, why):
    cand = Candidate("model", {**GT.files, rel: b"print('hi')\n"})
    assert why in hijacks(cand, GT, language="python", candidate_is_tests=False)


@pytest.mark.parametrize("rel", ["helpers.py", "intervals.py", "pkg/__init__.py", "README.md", "data.json"])
def test_ordinary_solution_files_are_accepted(rel):
    cand = Candidate("model", {**GT.files, rel: b"x = 1\n"})
    assert hijacks(cand, GT, language="python", candidate_is_tests=False) == ""


def test_what_the_ground_truth_ships_is_allowed_and_a_test_suite_may_have_a_conftest():
    gt = Candidate("gt", {"queue.py": b"", "conftest.py": b""})
    assert hijacks(Candidate("m", {"queue.py": b"x", "conftest.py": b"x"}), gt, language="python", candidate_is_tests=False) == ""
    assert hijacks(Candidate("m", {"conftest.py": b"x"}), GT, language="python", candidate_is_tests=True) == ""


def test_stub_replaces_every_function_body_and_keeps_the_rest():
    module = b'''"""Doc."""
LIMIT = 3

class A:
    """A."""
    def f(self, x):
        """F."""
        return x + LIMIT

    async def g(self):
        def inner():
            return 1
        return inner()
'''
    gt = Candidate("gt", {"m.py": module, "data.txt": b"keep"})
    stub = stub_of(gt)
    tree = ast.parse(stub.files["m.py"])
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert {f.name for f in functions} == {"f", "g"}  # the nested function went with g's body
    for f in functions:
        assert isinstance(f.body[-1], ast.Raise) and ast.unparse(f.body[-1]) == "raise NotImplementedError"
    assert ast.get_docstring(functions[0]) == "F." and "LIMIT = 3" in stub.files["m.py"].decode()
    assert stub.files["data.txt"] == b"keep"
    assert empty().files == {}


def test_early_exit_candidate_per_language():
    py = early_exit_of(GT, "python")
    assert py is not None and py.files["intervals.py"].endswith(b"_taskgate_os._exit(0)\n")
    ast.parse(py.files["intervals.py"])  # still valid Python
    js = early_exit_of(Candidate("gt", {"topk.js": b"module.exports = {};\n"}), "javascript")
    assert js is not None and js.files["topk.js"].endswith(b"process.exit(0);\n")
    assert early_exit_of(Candidate("gt", {"main.go": b"package main\n"}), "go") is None


def test_new_top_level_modules_are_checked_against_what_the_image_has():
    cand = Candidate("m", {**GT.files, "numpy/__init__.py": b"", "numpy/testing.py": b"", "helpers.py": b"", "notes.txt": b""})
    assert new_modules(cand, GT) == {"numpy", "helpers"}
    assert "installed in the image" in hijacks(cand, GT, language="python", candidate_is_tests=False, installed=frozenset({"numpy"}))
    assert hijacks(cand, GT, language="python", candidate_is_tests=False, installed=frozenset({"scipy"})) == ""
