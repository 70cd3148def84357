"""The idiomatic hook beyond Python: complexity, nesting, length and unused locals from syntax trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.hooks.workspace.repo import Repo

from tests.hooks.rules.idiomatic.test_idiomatic import found, make_repo

LANGUAGE_FIXTURES = Path(__file__).resolve().parents[3] / "ci" / "gate" / "languages"
TEMPLATES = Path(__file__).resolve().parents[4] / "task-template"

BRANCHY_JS = """\
function classify(x) {
  if (x === 0) { return 'zero'; }
  if (x === 1) { return 'one'; }
  if (x === 2) { return 'two'; }
  for (let i = 0; i < x; i += 1) {
    if (i % 2) { continue; }
    while (x > 100) { x -= 1; }
  }
  switch (x) {
    case 3: return 'three';
    case 4: return 'four';
    default: return 'many';
  }
}
module.exports = { classify };
"""


def repo_at(root: Path, files: dict[str, str], config: str = "") -> Repo:
    root.mkdir(parents=True, exist_ok=True)
    return make_repo(root, files, config)


def codes(repo: Repo) -> list[tuple[int, int, str]]:
    return [(line, column, code) for _path, line, column, code, _message in found(repo)]


def test_complexity_uses_the_python_limit_and_counts_like_ruff(tmp_path: Path) -> None:
    # 1 + 3 ifs + for + if + while + 2 cases (default and && are not decisions) = 9
    assert codes(repo_at(tmp_path / "a", {"t1/solution/classify.js": BRANCHY_JS})) == []
    repo = repo_at(tmp_path / "b", {"t1/solution/classify.js": BRANCHY_JS}, "idiomatic:\n  max_complexity: 8\n")
    assert found(repo) == [("tasks/t1/solution/classify.js", 1, 1, "IDI006", "`classify` is too complex (9 > 8): split it into named helpers")]


@pytest.mark.parametrize(("rel", "source", "expected"), [
    ("t1/solution/deep.go", """\
        package deep

        func Deep(grid [][]int) int {
        \ttotal := 0
        \tfor _, row := range grid {
        \t\tfor _, v := range row {
        \t\t\tif v > 0 {
        \t\t\t\tswitch {
        \t\t\t\tcase v > 10:
        \t\t\t\t\tif v > 100 {
        \t\t\t\t\t\tfor v > 1000 {
        \t\t\t\t\t\t\tv /= 2
        \t\t\t\t\t\t}
        \t\t\t\t\t}
        \t\t\t\t}
        \t\t\t\ttotal += v
        \t\t\t} else if v < 0 {
        \t\t\t\ttotal--
        \t\t\t}
        \t\t}
        \t}
        \treturn total
        }
        """, [(11, 7, "IDI009")]),
    ("t1/solution/Flat.java", """\
        class Flat {
            static int sign(int x) {
                if (x > 0) { return 1; } else if (x < 0) { return -1; } else if (x == 0) { return 0; } else { return 2; }
            }
        }
        """, []),
])
def test_nesting_counts_blocks_not_else_if_chains(tmp_path: Path, rel: str, source: str, expected: list) -> None:
    assert codes(make_repo(tmp_path, {rel: source})) == expected


def test_function_length_counts_code_lines_only(tmp_path: Path) -> None:
    body = "".join(f"    let v{i} = {i};\n    // a comment line\n\n" for i in range(5))
    use = " + ".join(f"v{i}" for i in range(5))
    source = f"pub fn total() -> i32 {{\n{body}    {use}\n}}\n"
    assert codes(repo_at(tmp_path / "a", {"t1/solution/lib.rs": source}, "idiomatic:\n  max_function_lines: 8\n")) == []
    assert codes(repo_at(tmp_path / "b", {"t1/solution/lib.rs": source}, "idiomatic:\n  max_function_lines: 7\n")) == [(1, 1, "IDI010")]


@pytest.mark.parametrize(("rel", "source", "unused"), [
    ("t1/solution/a.js", "function f(xs) {\n  const total = 0;\n  let count = xs.length;\n  return count;\n}\nmodule.exports = { f };\n", [(2, 9)]),
    ("t1/solution/a.ts", "export function f(xs: number[]): number {\n  const { length, ...rest } = { length: 1, a: 2 };\n  const _skip = 1;\n  return xs.length + rest.a;\n}\n", []),
    ("t1/solution/A.java", "class A {\n  static int f(int[] xs) {\n    int dead = 0;\n    int n = xs.length;\n    return n;\n  }\n}\n", [(3, 9)]),
    ("t1/solution/lib.rs", 'pub fn f(n: u32) -> String {\n    let width = 4;\n    let spare = 1;\n    format!("{n:>width$}")\n}\n', [(3, 9)]),
    ("t1/solution/m.cpp", "#include <mutex>\nint f(std::mutex& m) {\n    std::lock_guard<std::mutex> lock(m);\n    int unused_count = 0;\n    return 1;\n}\n", [(4, 9)]),
    ("t1/solution/m.go", "package m\n\nfunc F() int {\n\treturn 1\n}\n", []),
])
def test_unused_locals_in_each_language(tmp_path: Path, rel: str, source: str, unused: list) -> None:
    got = [(line, column) for line, column, code in codes(make_repo(tmp_path, {rel: source})) if code == "IDI011"]
    assert got == unused


def test_module_level_callbacks_belong_to_no_function_and_broken_files_are_skipped(tmp_path: Path) -> None:
    suite = "describe('x', () => {\n  const fixture = 1;\n" + "".join(f"  it('t{i}', () => {{ expect({i}).toBe({i}); }});\n" for i in range(100)) + "});\n"
    repo = make_repo(tmp_path, {"t1/solution/x.test.js": suite, "t1/solution/broken.ts": "export function f( {\n  const x = ;\n"},
                     "idiomatic:\n  max_function_lines: 20\n")
    assert codes(repo) == []


def test_the_language_fixtures_and_task_templates_are_clean(tmp_path: Path) -> None:
    files = {}
    for directory in [*sorted(p for p in LANGUAGE_FIXTURES.iterdir() if p.is_dir()), *sorted(p for p in TEMPLATES.iterdir() if p.is_dir())]:
        for path in sorted((directory / "solution").rglob("*")):
            if path.is_file() and path.suffix != ".py":
                files[f"t-{directory.parent.name}-{directory.name}/solution/{path.name}"] = path.read_text()
    assert len(files) >= 12
    assert found(make_repo(tmp_path, files)) == []
