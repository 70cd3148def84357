"""The gate with differential testing: likely-equivalent mutants, real gaps, real model errors."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.ci.gate.test_gate import gate

pytestmark = pytest.mark.docker

# `total < floor` -> `total <= floor` can never change the result (both give floor == total): an
# equivalent mutant that no test can kill.
SUM_WITH_FLOOR = textwrap.dedent("""\
    def add(values: list, floor: int) -> int:
        total = 0
        for v in values:
            total += v
        if total < floor:
            return floor
        return total
""")
SIGNATURE = 'signature: "def add(values: list[int], floor: int) -> int:"'
STRONG = textwrap.dedent("""\
    from add import add


    def test_empty_gives_the_floor():
        assert add([], 3) == 3


    def test_sum_above_the_floor():
        assert add([1, 9, 4], 0) == 14


    def test_floor_wins():
        assert add([1, 2], 5) == 5


    def test_negative():
        assert add([-4, -2], -10) == -6


    def test_equal_to_the_floor():
        assert add([2, 3], 5) == 5
""")
# Never below the floor: `return floor` can be removed and no test notices.
WEAK = textwrap.dedent("""\
    from add import add


    def test_sum():
        assert add([1, 9, 4], 0) == 14


    def test_negative():
        assert add([-4, -2], -10) == -6


    def test_single():
        assert add([7], -1) == 7


    def test_pair():
        assert add([2, 2], 1) == 4


    def test_one():
        assert add([5], 0) == 5
""")


def _task(fixture_repo, task_id: str, tests: str) -> None:
    fixture_repo.task(task_id, solution={"add.py": SUM_WITH_FLOOR}, tests={"test_add.py": tests})
    path = fixture_repo.root / "tasks" / task_id / "task.yaml"
    path.write_text(path.read_text().replace('signature: "def add(a: int, b: int) -> int:"', SIGNATURE))


def test_an_equivalent_mutant_is_not_reported_and_a_real_gap_names_its_input(fixture_repo, docker_client) -> None:
    _task(fixture_repo, "sum-with-floor", STRONG)
    outcome = gate(fixture_repo.root, "sum-with-floor", docker_client, reruns=1)
    mutants = json.loads(outcome.path.read_text())["mutation"]["mutants"]
    likely = [m for m in mutants if m["outcome"] == "likely-equivalent"]
    assert any(m["before"] == "total < floor" and m["after"] == "total <= floor" for m in likely), mutants
    assert not [f for f in outcome.findings if f.code == "RUN008"], outcome.findings

    _task(fixture_repo, "sum-weak-suite", WEAK)
    # Recorded calibration attempts: a target answer that ignores the floor passes the weak suite;
    # a reference answer identical in behaviour to the ground truth was recorded as failing.
    top = fixture_repo.root / "tasks" / "sum-weak-suite"
    attempts = {
        "target-m-1": ("pass", "target", "def add(values, floor):\n    return sum(values)\n"),
        "reference-r-1": ("fail", "reference", "def add(values, floor):\n    return max(sum(values), floor)\n"),
    }
    runs = []
    for name, (outcome, role, source) in attempts.items():
        (top / "calibration" / "attempts" / name / "solution").mkdir(parents=True)
        (top / "calibration" / "attempts" / name / "solution" / "add.py").write_text(source)
        runs.append({"role": role, "model": role[0], "attempt": 1, "dir": f"calibration/attempts/{name}", "outcome": outcome})
    (top / "calibration.json").write_text(json.dumps({"runs": runs}))
    weak = gate(fixture_repo.root, "sum-weak-suite", docker_client, reruns=1)
    rewarded = [f for f in weak.findings if f.code == "RUN020"]
    assert len(rewarded) == 1 and rewarded[0].path.endswith("calibration/attempts/target-m-1/solution") and "expected" in rewarded[0].message, weak.findings
    assert [f.path for f in weak.findings if f.code == "RUN021"] == ["tasks/sum-weak-suite/calibration/attempts/reference-r-1/solution"]
    gaps = [f for f in weak.findings if f.code == "RUN008" and "add a test: it differs from the ground truth on add(" in f.message]
    assert gaps, weak.findings
    assert not [f for f in weak.findings if f.code == "RUN008" and "total <= floor" in f.message]
