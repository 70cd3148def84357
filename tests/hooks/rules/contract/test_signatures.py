"""CTR001: the ground truth defines what the signature names, in every supported language."""

from __future__ import annotations

import pytest
from taskgate.hooks.rules.contract.defined import defined_names
from taskgate.hooks.rules.contract.names import declared_names

from tests.support.datasets import DatasetRepo

HOOKS = ("contract",)

# (language, signature, ground truth file, its text): each ground truth defines the name.
DEFINED = [
    ("python", "def two_sum(nums: list[int], target: int) -> tuple[int, int]:", "solution/two_sum.py",
     "def two_sum(nums: list[int], target: int) -> tuple[int, int]:\n    return (0, 1)\n"),
    ("python", "def get(self, key: int) -> int:", "solution/lru.py",
     "class LRUCache:\n    def __init__(self, capacity: int) -> None:\n        self.capacity = capacity\n\n    def get(self, key: int) -> int:\n        return -1\n"),
    ("python", "class LRUCache:\n    def put(self, key: int, value: int) -> None:", "solution/__init__.py",
     "from .cache import LRUCache, put\n"),
    ("javascript", "function topKFrequent(tokens, k)", "solution/topk.js",
     "'use strict';\nconst topKFrequent = (tokens, k) => {\n  return [];\n};\nmodule.exports = { topKFrequent };\n"),
    ("javascript", "function solve(values)", "solution/index.mjs", "export default function solve(values) {\n  return 0;\n}\n"),
    ("javascript", "function solve(values)", "solution/index.js", "exports.solve = function (values) { return 0; };\n"),
    ("javascript", "function solve(values)", "solution/index.js", "module.exports = {\n  solve: function (values) { return 0; },\n};\n"),
    ("typescript", "export function solve(values: number[]): number", "solution/index.ts",
     "const sumAll = (values: number[]): number => values.reduce((a, b) => a + b, 0);\nexport { sumAll as solve };\n"),
    ("python", "solve(values: list[int]) -> int", "solution/s.py", "if True:\n    def solve(values):\n        return sum(values)\n"),
    ("javascript", "get(key)", "solution/lru.js", "class LRU {\n  #map = new Map();\n  get(key) { return this.#map.get(key); }\n}\nmodule.exports = LRU;\n"),
    ("typescript", "export function mergeIntervals(xs: [number, number][]): [number, number][]", "solution/merge.ts",
     "export const mergeIntervals = (xs: [number, number][]): [number, number][] => xs;\n"),
    ("typescript", "push(x: number): void", "solution/stack.ts",
     "export class MinStack {\n  private items: number[] = [];\n  push(x: number): void { this.items.push(x); }\n}\n"),
    ("java", "public static int[] twoSum(int[] nums, int target)", "solution/Solution.java",
     "public final class Solution {\n    private Solution() {}\n    public static int[] twoSum(int[] nums, int target) {\n        return new int[] {0, 1};\n    }\n}\n"),
    ("java", "public LRUCache(int capacity)", "solution/LRUCache.java",
     "import java.util.*;\npublic class LRUCache extends LinkedHashMap<Integer, Integer> {\n    private final int capacity;\n    public LRUCache(int capacity) { super(capacity, 0.75f, true); this.capacity = capacity; }\n}\n"),
    ("go", "func (c *Cache) Get(key string) (int, bool)", "solution/cache.go",
     "package solution\n\ntype Cache struct{ m map[string]int }\n\nfunc (c *Cache) Get(key string) (int, bool) {\n\tv, ok := c.m[key]\n\treturn v, ok\n}\n"),
    ("go", "func Map[T, U any](xs []T, f func(T) U) []U", "solution/fp.go",
     "package solution\n\nfunc Map[T, U any](xs []T, f func(T) U) []U {\n\tout := make([]U, 0, len(xs))\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\n"),
    ("rust", "pub fn apply(f: fn(i32) -> i32, x: i32) -> i32", "solution/lib.rs", "pub fn apply(f: fn(i32) -> i32, x: i32) -> i32 {\n    f(x)\n}\n"),
    ("go", "func Solve(values []int) int", "solution/solve.go", "package solution\n\nvar Solve = func(values []int) int { return 0 }\n"),
    ("cpp", "int get(int key)", "solution/lru.cpp",
     "#include <unordered_map>\nclass LRUCache {\n public:\n  explicit LRUCache(int capacity);\n  int get(int key);\n};\nint LRUCache::get(int key) { return -1; }\n"),
    ("cpp", "std::vector<int> topK(const std::vector<int>& v, int k)", "solution/topk.hpp",
     "#pragma once\n#include <vector>\nnamespace sol {\ntemplate <typename T>\nstd::vector<T> topK(const std::vector<T>& v, int k) { return v; }\n}\n"),
    ("cpp", "struct Node* insert(struct Node* root, int key)", "solution/bst.c",
     "#include <stdlib.h>\nstruct Node { int key; struct Node *left, *right; };\nstruct Node *insert(struct Node *root, int key) { return root; }\n"),
    ("rust", "pub fn get(&mut self, key: i32) -> Option<i32>", "solution/lib.rs",
     "use std::collections::HashMap;\npub struct Lru { map: HashMap<i32, i32> }\nimpl Lru {\n    pub fn get(&mut self, key: i32) -> Option<i32> { self.map.get(&key).copied() }\n}\n"),
    ("rust", "pub fn solve<T: Ord>(values: &[T]) -> usize", "solution/solution.rs", "pub fn solve<T: Ord>(values: &[T]) -> usize {\n    values.len()\n}\n"),
]

MISSING = [
    ("python", "def two_sum_sorted(nums: list[int], target: int) -> tuple[int, int]:", "solution/two_sum.py",
     "def two_sum(nums: list[int], target: int) -> tuple[int, int]:\n    return (0, 1)\n", "two_sum_sorted", "two_sum"),
    ("javascript", "function topKFrequent(tokens, k)", "solution/topk.js", "function topK(tokens, k) { return []; }\nmodule.exports = { topK };\n", "topKFrequent", "topK"),
    ("typescript", "export function solve(values: number[]): number", "solution/solution.ts", "export function solution(values: number[]): number { return 0; }\n", "solve", None),
    ("java", "public static long solve(int[] values)", "solution/Solution.java", "public final class Solution {\n    public static long sum(int[] values) { return 0; }\n}\n", "solve", None),
    ("go", "func Solve(values []int) int", "solution/solution.go", "package solution\n\nfunc solve(values []int) int { return 0 }\n", "Solve", "solve"),
    ("cpp", "long long solve(const std::vector<int>& values)", "solution/solution.hpp", "#pragma once\n#include <vector>\ninline long long total(const std::vector<int>& v) { return 0; }\n", "solve", None),
    ("rust", "pub fn solve(values: &[i64]) -> i64", "solution/solution.rs", "pub fn solved(values: &[i64]) -> i64 {\n    values.iter().sum()\n}\n", "solve", "solved"),
]


def _task(tmp_path, language: str, signature: str, files: dict[str, str], category: str = "algorithms") -> DatasetRepo:
    dataset = DatasetRepo(tmp_path / "ds")
    task = dataset.add_task(category=category)
    text = (task / "task.yaml").read_text()
    text = text.replace('signature: "def solve(values: list[int]) -> int:"', "signature: " + _yaml_string(signature)).replace("language: python", f"language: {language}")
    (task / "task.yaml").write_text(text)
    for old in (task / "solution").iterdir():
        old.unlink()
    for rel, content in files.items():
        dataset.write(f"tasks/sum-list/{rel}", content)
    return dataset


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.mark.parametrize(("language", "signature", "rel", "source"), DEFINED, ids=[f"{d[0]}-{i}" for i, d in enumerate(DEFINED)])
def test_a_defined_name_passes(tmp_path, language, signature, rel, source):
    dataset = _task(tmp_path, language, signature, {rel: source})
    if rel == "solution/__init__.py":  # the name comes in by import
        dataset.write("tasks/sum-list/solution/cache.py", "class LRUCache:\n    pass\n\n\ndef put(key, value):\n    return None\n")
    assert dataset.check(hooks=HOOKS) == []


@pytest.mark.parametrize(("language", "signature", "rel", "source", "name", "near"), MISSING, ids=[m[0] for m in MISSING])
def test_a_missing_name_is_reported_at_the_signature(tmp_path, language, signature, rel, source, name, near):
    dataset = _task(tmp_path, language, signature, {rel: source})
    [f] = dataset.check(hooks=HOOKS)
    assert (f.code, f.path, f.line) == ("CTR001", "tasks/sum-list/task.yaml", 7)
    assert f"signature names {name!r}, which solution/ does not define" in f.message
    assert (f"it defines {near!r}" in f.message) if near else ("it defines" not in f.message)


def test_each_signature_of_a_list(tmp_path):
    dataset = _task(tmp_path, "python", "def push(self, x: int) -> None:", {"solution/stack.py": "class MinStack:\n    def push(self, x):\n        pass\n"})
    path = dataset.root / "tasks/sum-list/task.yaml"
    path.write_text(path.read_text().replace('signature: "def push(self, x: int) -> None:"', 'signature:\n  - "def push(self, x: int) -> None:"\n  - "def get_min(self) -> int:"'))
    [f] = dataset.check(hooks=HOOKS)
    assert f.code == "CTR001" and "'get_min'" in f.message and f.line == 9


def test_testing_tasks_look_in_subject(tmp_path):
    dataset = DatasetRepo(tmp_path / "ds")
    dataset.add_task("clamp-tests", category="testing")  # subject/mod.py defines solve; solution/ is empty of it
    assert dataset.check(hooks=HOOKS) == []
    dataset.write("tasks/clamp-tests/subject/mod.py", "def total(values):\n    return sum(values)\n")
    [f] = dataset.check(hooks=HOOKS)
    assert "which subject/ does not define" in f.message


def test_a_file_that_does_not_parse_is_not_trusted_to_lack_a_name(tmp_path):
    dataset = _task(tmp_path, "python", "def two_sum(nums):", {"solution/s.py": "def two_sum(nums)\n    return nums\n"})
    assert dataset.check(hooks=HOOKS) == []
    dataset = _task(tmp_path / "2", "go", "func Solve(values []int) int", {"solution/s.go": "package solution\nfunc Solve(values []int) int {\n"})
    assert dataset.check(hooks=HOOKS) == []


def test_no_readable_code_means_nothing_to_judge(tmp_path):
    dataset = _task(tmp_path, "python", "def two_sum(nums):", {"solution/README.txt": "see the notebook\n"})
    assert dataset.check(hooks=HOOKS) == []


@pytest.mark.parametrize(("signature", "language"), [("bool operator<(const P& a, const P& b)", "cpp"), ("int (*getop(char c))(int, int)", "c"), ("Returns the sum.", "python")])
def test_an_unreadable_signature_is_not_judged(signature, language):
    assert declared_names(signature, language) == []


def test_every_language_reads_declarations_not_calls():
    assert "helper" not in defined_names(b"def f():\n    return helper(1)\n", "python")
    assert "helper" not in defined_names(b"public class A { int f() { return Util.helper(1); } }", "java")
    assert "helper" not in defined_names(b"fn f() -> i32 { helper(1) }", "rust")
    assert "helper" not in defined_names(b"const x = helper(1);", "javascript")
