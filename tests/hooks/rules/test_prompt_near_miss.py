"""PRM002/PRM003 near misses point at the closest text and name the difference; META004 bounds."""

from __future__ import annotations

import pytest
from taskgate.hooks.rules import bigo

HOOKS = ("metadata", "prompt")

TWO_SUM_YAML = 'signature: "def two_sum(nums: list[int], target: int) -> tuple[int, int]:"'
PROMPT = """\
# Two sum in a sorted list

Given `nums`, sorted in non-decreasing order, return the 0-based indices `(i, j)`, `i < j`, of
the two entries that add up to `target`.

```python
{signature}
```

Your solution must run in {time} time and use {space} extra space.
"""


def two_sum(dataset, signature: str, time: str = "O(n)", space: str = "O(1)", yaml_time: str = "O(n)"):
    task = dataset.add_task()
    path = task / "task.yaml"
    text = path.read_text().replace('signature: "def solve(values: list[int]) -> int:"', TWO_SUM_YAML)
    path.write_text(text.replace("time: O(n)", f"time: {yaml_time}"))
    dataset.write("tasks/sum-list/prompt.md", PROMPT.format(signature=signature, time=time, space=space))
    return dataset.check(hooks=HOOKS)


def test_signature_without_its_colon_points_at_the_line_and_names_the_colon(dataset):
    [f] = two_sum(dataset, "def two_sum(nums: list[int], target: int) -> tuple[int, int]")
    assert (f.code, f.path, f.line, f.column) == ("PRM002", "tasks/sum-list/prompt.md", 7, 1)
    assert "closest is 'def two_sum(nums: list[int], target: int) -> tuple[int, int]'" in f.message
    assert f.message.endswith("missing ':' at the end")


def test_a_renamed_function_is_named(dataset):
    [f] = two_sum(dataset, "    def two_sum_sorted(nums: list[int], target: int) -> tuple[int, int]:")
    assert (f.line, f.column) == (7, 5)
    assert "'two_sum_sorted' instead of 'two_sum'" in f.message


def test_spacing_between_tokens_is_not_a_difference(dataset):
    assert two_sum(dataset, "def two_sum(nums:list[int],\n            target:int)->tuple[int,int]:") == []


def test_joining_two_words_is_a_difference(dataset):
    [f] = two_sum(dataset, "deftwo_sum(nums: list[int], target: int) -> tuple[int, int]:")
    assert f.code == "PRM002" and "'deftwo_sum' instead of 'def two_sum'" in f.message


def test_nothing_alike_is_reported_at_the_top(dataset):
    [f] = two_sum(dataset, "See the attached picture.")
    assert (f.line, f.column) == (1, 1) and "no text in the prompt resembles it" in f.message


@pytest.mark.parametrize(("yaml_time", "prompt_time"), [
    ("O(n)", "O(N)"),
    ("O(n log n)", "O(nlogn)"),
    ("O(n log n)", "$\\mathcal{O}(N \\log N)$"),
    ("O(n log n)", "O(n * log(n))"),
    ("O(n log n)", "O(n lg n)"),
    ("O(n^2)", "O(n²)"),
    ("O(n^2)", "O(n**2)"),
    ("O(V + E)", "O(v+e)"),
])
def test_equivalent_spellings_state_the_bound(dataset, yaml_time, prompt_time):
    assert two_sum(dataset, TWO_SUM_YAML[12:-1], time=prompt_time, yaml_time=yaml_time) == []


@pytest.mark.parametrize(("yaml_time", "prompt_time"), [
    ("O(n)", "linear"),
    ("O(n log n)", "linearithmic"),
    ("O(n log n)", "log-linear"),
    ("O(n^2)", "quadratic"),
    ("O(log n)", "logarithmic"),
])
def test_a_bound_stated_by_its_name(dataset, yaml_time, prompt_time):
    # "Your solution must run in linear time and use constant extra space."
    assert two_sum(dataset, TWO_SUM_YAML[12:-1], time=prompt_time, space="constant", yaml_time=yaml_time) == []


@pytest.mark.parametrize(("yaml_time", "prompt_time"), [
    ("O(n)", "quadratic"),       # another bound's name
    ("O(k)", "linear"),          # a name states only the bound in n
    ("O(n)", "a linear-probing"),  # the word not followed by time/space/memory
])
def test_a_name_that_does_not_state_the_bound(dataset, yaml_time, prompt_time):
    [f] = two_sum(dataset, TWO_SUM_YAML[12:-1], time=prompt_time, space="O(1)", yaml_time=yaml_time)
    assert f.code == "PRM003" and "time bound" in f.message


def test_a_different_bound_points_at_the_closest_one(dataset):
    [f] = two_sum(dataset, TWO_SUM_YAML[12:-1], time="O(n^2)", yaml_time="O(n log n)")
    assert (f.code, f.line, f.column) == ("PRM003", 10, 27)
    assert "time bound 'O(n log n)' from task.yaml is not stated in the prompt; closest is 'O(n^2)'" in f.message
    assert "instead of 'log n'" in f.message


def test_reordered_terms_are_a_difference(dataset):
    [f] = two_sum(dataset, TWO_SUM_YAML[12:-1], time="O(m + n)", yaml_time="O(n + m)")
    assert f.code == "PRM003" and f.line == 10


def test_a_prompt_without_any_bound(dataset):
    task = dataset.add_task()
    dataset.write("tasks/sum-list/prompt.md", "Implement `def solve(values: list[int]) -> int:` quickly.\n")
    findings = dataset.check(hooks=HOOKS)
    assert [f.code for f in findings] == ["PRM003", "PRM003"]
    assert all("states no O(...) bound at all" in f.message for f in findings) and task


@pytest.mark.parametrize(("bound", "column", "says"), [
    ("O(n space O(1)", 11, "'(' at column 2 is never closed; a second bound starts at column 11"),
    ("O((n + m) log(n)", 11, "'(' at column 2 is never closed"),
    ("O(n log n))", 20, "unmatched ')' at column 11"),
    ("O(n) and O(1)", 14, "text after the bound's closing parenthesis: 'and O(1)'"),
    ("O(n amortized)", 14, "'amortized' at column 5 is prose"),
    ("O(n +)", 14, "ends with the operator '+'"),
    ("O(n; m)", 13, "unexpected ';' at column 4"),
])
def test_meta004_malformed_bound_is_located(dataset, bound, column, says):
    task = dataset.add_task()
    path = task / "task.yaml"
    path.write_text(path.read_text().replace("time: O(n)", f'time: "{bound}"'))  # the value's quote is column 9
    dataset.write("tasks/sum-list/prompt.md", f"Implement `def solve(values: list[int]) -> int:` in {bound} time and O(1) space.\n")
    [f] = dataset.check(hooks=HOOKS)  # PRM003 leaves a malformed bound to META004
    assert (f.code, f.path, f.line, f.column) == ("META004", "tasks/sum-list/task.yaml", 9, column)
    assert says in f.message


@pytest.mark.parametrize("bound", ["O(∑ n_i)", "O(⌈n / 64⌉)", "O(1)", "O(n log n)", "O((n + m) log n)", "O(min(n, m))", "O(|V| + |E|)", "O(n!)", "O(2^n)", "O(sqrt(n))", "O(n^{1.5})", "O(k log k + n)", "O(rows * cols)"])
def test_meta004_well_formed_bounds_pass(bound):
    assert bigo.problem(bound) is None
