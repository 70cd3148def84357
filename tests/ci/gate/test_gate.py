"""The gate on real tasks in Docker: the examples pass, and each adversarial fixture trips its rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from taskgate.ci.sandbox import faketime
from taskgate.ci.sandbox.conditions import Conditions
from taskgate.ci.gate.gate import GateSettings, gate_task
from taskgate.hooks.core.engine import make_context
from taskgate.hooks.workspace.repo import Repo

from tests.ci.conftest import copy_examples

pytestmark = pytest.mark.docker


def gate(root: Path, task_id: str, client, **settings):
    """The gate with the repository's settings; tests not about determinism pass reruns=1."""
    repo = Repo(root)
    ctx = make_context(repo, "merge")
    merged = {**repo.config.section("gate"), **settings}
    return gate_task(repo.task(task_id), ctx, client, GateSettings.from_config(merged))


def codes(outcome) -> list[str]:
    return sorted(f.code for f in outcome.findings)


def five_tests(body: str, extra: str = "") -> dict[str, str]:
    return {"test_it.py": textwrap.dedent(body) + textwrap.dedent(extra)}


def test_every_example_task_passes_the_gate(tmp_path, docker_client, python_image):
    root = copy_examples(tmp_path / "dataset", python_image)
    repo = Repo(root)
    assert repo.task_ids == ["fix-greedy-batch-packer", "interval-merge-with-gaps", "top-k-frequent-tokens", "ttl-lru-cache-tests"]
    for task_id in repo.task_ids:
        outcome = gate(root, task_id, docker_client)
        assert outcome.findings == [], (task_id, outcome.findings)
        record = json.loads(outcome.path.read_text())
        assert record["baseline"]["verdict"] == "pass" and len(record["reruns"]) == 2
        assert all(s["verdict"] == "fail" for s in record["stubs"])
        # pytest: exiting 0 before pytest finished is a hack; node: the tests that never ran fail
        assert record["early_exit"]["verdict"] == ("fail" if task_id == "top-k-frequent-tokens" else "hack")
        assert all(e["verdict"] in ("fail", "hack") for e in record["exploits"])
        assert len(record["exploits"]) == (0 if task_id in ("top-k-frequent-tokens", "ttl-lru-cache-tests") else 4)
        timing = record["timing"]
        # difftest: recorded attempts and surviving mutants of Python tasks (docs/difftest.md)
        assert set(timing) - {"difftest"} == {"build", "baseline", "checks", "other", "total"}
        assert ("difftest" in timing) == (repo.task(task_id).language == "python" and repo.task(task_id).category != "testing")
        assert all(a["difftest"] != "differs" or a["outcome"] != "pass" for a in record.get("attempts", []))
        assert abs(sum(v for k, v in timing.items() if k != "total") - timing["total"]) < 0.01  # the parts add up
        assert set(record["container_seconds"]) == {"runs", "mutants"} and record["container_seconds"]["runs"] > 0
        assert "libfaketime from the host" in " ".join(record["notes"])  # the CI image has none: the host's is preloaded
    ttl = json.loads(next((root / ".taskgate/runs/ttl-lru-cache-tests").glob("gate-*.json")).read_text())
    assert len(ttl["meta_mutants"]) == 8 and all(m["killed"] and m["failing_tests"] for m in ttl["meta_mutants"])
    intervals = json.loads(next((root / ".taskgate/runs/interval-merge-with-gaps").glob("gate-*.json")).read_text())
    assert intervals["mutation"]["score"] >= 0.8 and intervals["mutation"]["run"] == intervals["mutation"]["generated"]


def _flipping_word() -> str:
    """A word whose hash parity under the baseline seed differs from both re-runs' seeds."""
    seeds = [Conditions(i).hash_seed for i in range(3)]
    code = "import sys\nfor i in range(200):\n    print(hash(f'w{i}') % 2)"
    parities = [subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": s}, capture_output=True, text=True, check=True).stdout.split() for s in seeds]
    i = next(i for i in range(200) if parities[0][i] != parities[1][i] and parities[0][i] != parities[2][i])
    return f"w{i}"


def test_flaky_and_time_zone_dependent_tests_are_named_with_the_runs_they_differ_in(fixture_repo, docker_client):
    word = _flipping_word()
    parity = subprocess.run([sys.executable, "-c", f"print(hash({word!r}) % 2)"], env={"PYTHONHASHSEED": "0"}, capture_output=True, text=True).stdout.strip()
    solution = (
        "import datetime\n\ndef add(a, b):\n    return a + b\n\ndef bucket(word):\n    return hash(word) % 2\n\n"
        "def stamp(ts):\n    return datetime.datetime.fromtimestamp(ts).strftime('%Y-%m-%d %H:%M')\n"
    )
    fixture_repo.task("flaky-and-local-time", solution={"add.py": solution}, tests=five_tests(f"""\
        from add import add, bucket, stamp

        def test_a(): assert add(1, 2) == 3
        def test_b(): assert add(0, 0) == 0
        def test_c(): assert add(-1, 1) == 0
        def test_bucket(): assert bucket({word!r}) == {parity}
        def test_stamp(): assert stamp(1609459200) == "2021-01-01 00:00"
    """))
    outcome = gate(fixture_repo.root, "flaky-and-local-time", docker_client)
    flips = [f for f in outcome.findings if f.code == "RUN005"]
    assert len(flips) == 2 and "RUN001" not in codes(outcome)
    bucket, stamp = flips
    assert (bucket.path, bucket.line, stamp.line) == ("tasks/flaky-and-local-time/tests/test_it.py", 6, 7)
    assert "test_bucket" in bucket.message and "passed in run 1 (PYTHONHASHSEED=0" in bucket.message and "failed in run 2 (PYTHONHASHSEED=7919" in bucket.message
    assert "test_stamp" in stamp.message and "TZ=Pacific/Kiritimati" in stamp.message and "TZ=Etc/GMT+12" in stamp.message
    assert outcome.record["determinism"] == "3 runs, 2 test(s) differ"


def test_clock_dependent_ground_truth_is_caught_with_the_hosts_libfaketime(fixture_repo, docker_client):
    # The CI base image has no libfaketime: the host's is preloaded into the reruns.
    if faketime.host_library() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("libfaketime is not installed on this machine (.ci/setup-sandbox.sh installs it)")
        pytest.skip("libfaketime is not installed on this machine (apt-get install libfaketime)")
    now = int(time.time())
    fixture_repo.task("reads-the-clock", solution={"add.py": "import time\n\ndef add(a, b):\n    return a + b\n\ndef now():\n    return time.time()\n"},
                      tests=five_tests(f"""\
        from add import add, now

        def test_a(): assert add(1, 2) == 3
        def test_b(): assert add(0, 0) == 0
        def test_c(): assert add(-1, 1) == 0
        def test_d(): assert add(2, 2) == 4
        def test_now(): assert abs(now() - {now}) < 3 * 86400
    """))
    outcome = gate(fixture_repo.root, "reads-the-clock", docker_client)
    assert codes(outcome) == ["RUN005"]
    assert "test_now" in outcome.findings[0].message and "shifted +397d (libfaketime from the host, preloaded)" in outcome.findings[0].message
    reruns = outcome.record["reruns"]
    assert [r["conditions"]["clock"] for r in reruns] == ["shifted +397d (libfaketime from the host, preloaded)", "shifted -211d (libfaketime from the host, preloaded)"]
    assert all(r["outcomes"]["tests/test_it.py::test_now"] == "failed" for r in reruns)


def test_skipped_and_xfail_tests_in_the_reward_suite(fixture_repo, docker_client):
    fixture_repo.task("skips-a-test", tests=five_tests("""\
        import pytest
        from add import add

        def test_a(): assert add(1, 2) == 3
        def test_b(): assert add(0, 0) == 0
        def test_c(): assert add(-1, 1) == 0
        def test_d(): assert add(2, 2) == 4
        def test_e(): assert add(3, 3) == 6

        @pytest.mark.skip(reason="flaky upstream")
        def test_skipped(): assert add(1, 1) == 2

        @pytest.mark.xfail(reason="known")
        def test_xfail_fails(): assert add(1, 1) == 3

        @pytest.mark.xfail(reason="was broken once")
        def test_xfail_passes(): assert add(1, 1) == 2
    """))
    outcome = gate(fixture_repo.root, "skips-a-test", docker_client, reruns=1)
    found = {(f.code, f.line, f.message.split(" ")[0].rsplit("::", 1)[-1]) for f in outcome.findings}
    # pytest places a decorated test at its first decorator: the marker to delete.
    assert found == {("RUN003", 10, "test_skipped"), ("RUN003", 13, "test_xfail_fails"), ("RUN003", 16, "test_xfail_passes")}


def test_a_suite_a_stub_passes(fixture_repo, docker_client):
    fixture_repo.task("only-error-cases", solution={"add.py": "def add(a, b):\n    if not isinstance(a, int) or not isinstance(b, int):\n        raise TypeError('ints only')\n    return a + b\n"},
                      tests=five_tests("""\
        import pytest
        from add import add

        @pytest.mark.parametrize("a, b", [(None, 1), (1, None), ("x", 1), (1.5, 2), ([], 3)])
        def test_rejects_non_integers(a, b):
            with pytest.raises(Exception):
                add(a, b)
    """))
    outcome = gate(fixture_repo.root, "only-error-cases", docker_client, reruns=1)
    stub = [f for f in outcome.findings if f.code == "RUN004"]
    assert len(stub) == 1 and "NotImplementedError" in stub[0].message
    # At the first test that rewards the stub (pytest places a decorated test at its decorator).
    test_file = stub[0].path
    assert test_file.startswith("tasks/only-error-cases/tests/test_") and test_file.endswith(".py")
    source = (fixture_repo.root / test_file).read_text().splitlines()
    assert source[stub[0].line - 1].lstrip().startswith(("@pytest.mark.parametrize", "def test_")), (stub[0].line, source)
    assert "RUN006" in codes(outcome)  # the mutants survive too


WEAK_GT = """\
def count_positive(xs):
    n = 0
    for x in xs:
        if x > 0{waiver}
            n += 1
    return n
"""
WEAK_TESTS = """\
from add import count_positive

def test_empty(): assert count_positive([]) == 0
def test_one(): assert count_positive([5]) >= 0
def test_negative(): assert count_positive([-1]) == 0
def test_type(): assert isinstance(count_positive([1, 2]), int)
def test_stable(): assert count_positive([7]) == count_positive([7])
"""


def test_a_weak_suite_has_surviving_mutants_and_a_low_score(fixture_repo, docker_client):
    fixture_repo.task("weak-suite", solution={"add.py": WEAK_GT.format(waiver=":")}, tests={"test_it.py": WEAK_TESTS})
    outcome = gate(fixture_repo.root, "weak-suite", docker_client, reruns=1)
    survivors = [f for f in outcome.findings if f.code == "RUN008"]
    lines = sorted({f.line for f in survivors})
    assert 4 in lines and 5 in lines  # `x > 0` and `n += 1` are never really checked
    assert all(f.path == "tasks/weak-suite/solution/add.py" for f in survivors)
    assert any("`x > 0` -> `x >= 0`" in f.message for f in survivors)
    low = [f for f in outcome.findings if f.code == "RUN006"]
    assert len(low) == 1 and "mutation score 0.50: 4 of 8 mutants killed, below the gate threshold 0.60" in low[0].message
    # The score points at a file (the first survivor's line), never at the solution/ directory.
    assert (low[0].path, low[0].line) == ("tasks/weak-suite/solution/add.py", min(lines))
    # The thresholds are configurable: at 0.2 the same suite only draws the warning...
    lenient = gate(fixture_repo.root, "weak-suite", docker_client, reruns=1, mutation={"threshold": 0.2, "warn_below": 0.9})
    assert "RUN006" not in codes(lenient) and "RUN007" in codes(lenient)
    # ...and a repository can switch gate rules off like any other.
    fixture_repo.write_config("disable: [RUN007, RUN008]\ngate:\n  reruns: 1\n  mutation:\n    threshold: 0.2\n")
    assert codes(gate(fixture_repo.root, "weak-suite", docker_client)) == []


def test_mutants_stop_at_the_time_budget_and_the_rest_are_not_run(fixture_repo, docker_client):
    from taskgate.ci.gate.mutant_runs import run_ast_mutants

    from tests.ci.conftest import setup_for

    setup = setup_for(fixture_repo.task("weak-suite", solution={"add.py": WEAK_GT.format(waiver=":")}, tests={"test_it.py": WEAK_TESTS}), docker_client)
    result = run_ast_mutants(setup, 1.0, 200, budget=0.01)
    outcomes = [o for _m, o, _s in result.outcomes]
    assert result.status == "scored" and outcomes == ["not-run"] * 8  # the unmutated run used the budget up
    assert result.reason == "0 of 8 mutants ran within the 0.01s budget"
    result = run_ast_mutants(setup, 1.0, 200, budget=600)
    assert [o for _m, o, _s in result.outcomes].count("not-run") == 0 and not result.reason


def test_a_mutant_that_loops_forever_is_killed_by_its_time_limit(fixture_repo, docker_client):
    from taskgate.ci.gate.mutant_runs import run_ast_mutants

    from tests.ci.conftest import setup_for

    gt = "def count_up(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\n"
    tests = "from add import count_up\n\ndef test_zero(): assert count_up(0) == 0\ndef test_three(): assert count_up(3) == 3\n"
    setup = setup_for(fixture_repo.task("loops", timeout=3, solution={"add.py": gt}, tests={"test_it.py": tests}), docker_client)
    result = run_ast_mutants(setup, 0.5, 200, budget=600)
    outcome = {m.description: o for m, o, _s in result.outcomes}
    assert outcome["arithmetic: `i += 1` -> `i -= 1`"] == "timeout" and outcome["statement: `i += 1` -> `pass`"] == "timeout"
    assert result.counts() == (len(result.outcomes), len(result.outcomes))  # timeouts count as killed


def test_an_equivalent_mutant_is_waived_on_its_line_and_leaves_the_score(fixture_repo, docker_client):
    waiver = ":  # taskgate: ignore[RUN008] equivalent for this suite's purposes: tested elsewhere"
    fixture_repo.task("weak-suite", solution={"add.py": WEAK_GT.format(waiver=waiver)}, tests={"test_it.py": WEAK_TESTS})
    outcome = gate(fixture_repo.root, "weak-suite", docker_client, reruns=1)
    assert not [f for f in outcome.findings if f.code == "RUN008" and f.line == 4]
    score_finding = next(f for f in outcome.findings if f.code in ("RUN006", "RUN007"))
    assert "waived as equivalent" in score_finding.message


SUBJECT = "def add(a, b):\n    return a + b\n"
MUTANT = "--- a/subject/mod.py\n+++ b/subject/mod.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return {expr}\n"
SUITE = """\
from mod import add

def test_a(): assert add(1, 2) == 3
def test_b(): assert add(0, 0) == 0
def test_c(): assert add(-1, 1) == 0
def test_d(): assert add(2, 2) == 4
def test_e(): assert add(10, 5) == 15
"""


def test_testing_task_with_a_surviving_and_a_broken_meta_mutant(fixture_repo, docker_client):
    fixture_repo.task(
        "add-tests", category="testing", pythonpath="/task/subject", command='["python3", "-m", "pytest", "-q", "solution"]',
        subject={"mod.py": SUBJECT}, solution={"test_mod.py": SUITE},
        mutants={
            "01-minus.patch": MUTANT.format(expr="a - b"),
            "02-only-big-numbers.patch": MUTANT.format(expr="a + b if a < 1000 else a"),
            "03-stale.patch": "--- a/subject/mod.py\n+++ b/subject/mod.py\n@@ -1,2 +1,2 @@\n def add(x, y):\n-    return x + y\n+    return x * y\n",
        },
    )
    outcome = gate(fixture_repo.root, "add-tests", docker_client, reruns=1)
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in outcome.findings] == [("RUN009", "02-only-big-numbers.patch"), ("RUN010", "03-stale.patch")]
    matrix = {m["patch"].rsplit("/", 1)[-1]: m for m in outcome.record["meta_mutants"]}
    assert matrix["01-minus.patch"]["killed"] and "solution/test_mod.py::test_a" in matrix["01-minus.patch"]["failing_tests"]
    assert matrix["02-only-big-numbers.patch"]["killed"] is False and not matrix["03-stale.patch"]["applied"]


def test_too_few_tests_and_zero_collected(fixture_repo, docker_client):
    fixture_repo.task("two-tests", tests={"test_it.py": "from add import add\n\ndef test_a(): assert add(1, 2) == 3\ndef test_b(): assert add(0, 0) == 0\n"})
    outcome = gate(fixture_repo.root, "two-tests", docker_client, reruns=1)
    # two `==` asserts are also fooled by both always-equal candidates
    assert codes(outcome) == ["RUN002", "RUN014", "RUN014"] and "2 test(s) ran, fewer than the minimum of 5" in outcome.findings[0].message
    fixture_repo.write_config("gate:\n  min_tests: 3\n  reruns: 1\n")  # read from taskgate.yaml
    outcome = gate(fixture_repo.root, "two-tests", docker_client)
    assert codes(outcome) == ["RUN002", "RUN014", "RUN014"] and "minimum of 3" in outcome.findings[0].message and outcome.record["determinism"] == "determinism not checked (1 run)"
    assert (outcome.findings[0].path, outcome.findings[0].line) == ("tasks/two-tests/task.yaml", 13)
    fixture_repo.task("no-tests", tests={"test_it.py": "from add import add\n\ndef helper(): return add(1, 2)\n"})
    outcome = gate(fixture_repo.root, "no-tests", docker_client, reruns=1)
    assert codes(outcome) == ["RUN002"] and "0 test(s) ran" in outcome.findings[0].message and "zero collected" in outcome.findings[0].message


def test_ground_truth_failing_a_test_points_at_the_test(fixture_repo, docker_client):
    fixture_repo.task("wrong-expectation", tests=five_tests("""\
        from add import add

        def test_a(): assert add(1, 2) == 3
        def test_b(): assert add(0, 0) == 0
        def test_c(): assert add(-1, 1) == 0
        def test_d(): assert add(2, 2) == 4
        def test_wrong(): assert add(2, 2) == 5
    """))
    outcome = gate(fixture_repo.root, "wrong-expectation", docker_client, reruns=1)
    assert codes(outcome) == ["RUN001"]
    f = outcome.findings[0]
    assert (f.path, f.line) == ("tasks/wrong-expectation/tests/test_it.py", 7) and "test_wrong" in f.message and "assert 4 == 5" in f.message


def test_exit_status_only_command_warns_and_rewards_an_early_exit(fixture_repo, docker_client):
    runner = "import sys\nsys.path.insert(0, '/task/solution')\nfrom add import add\nassert add(1, 2) == 3\nassert add(-1, 1) == 0\nprint('ok')\n"
    fixture_repo.task("script-runner", command='["python3", "tests/run.py"]', tests={"run.py": runner})
    outcome = gate(fixture_repo.root, "script-runner", docker_client, reruns=1)
    # judged by the exit status, the exit inside the call is rewarded too, and so are always-equal objects
    assert codes(outcome) == ["RUN012", "RUN013", "RUN014", "RUN014", "RUN014"]
    assert "exit inside the call" in " ".join(f.message for f in outcome.findings if f.code == "RUN014")
    assert outcome.findings[0].path == "tasks/script-runner/task.yaml"


def test_ground_truth_timeout_is_infrastructure_at_timeout_seconds(fixture_repo, docker_client):
    fixture_repo.task("too-slow", timeout=2, solution={"add.py": "import time\n\ndef add(a, b):\n    time.sleep(30)\n    return a + b\n"})
    started = time.monotonic()
    outcome = gate(fixture_repo.root, "too-slow", docker_client, retries=0, reruns=1)
    assert codes(outcome) == ["RUN011"]
    f = outcome.findings[0]
    assert (f.path, f.line) == ("tasks/too-slow/task.yaml", 14) and "timeout" in f.message
    assert time.monotonic() - started < 60


FOOLED_SUITE = """\
from stats import median_of


def test_odd(): assert median_of([3, 1, 2]) == 2
def test_even(): assert median_of([4, 1, 3, 2]) == 2.5
def test_one(): assert median_of([7]) == 7
def test_negative(): assert median_of([-5, -1, -3]) == -3
def test_duplicates(): assert median_of([2, 2, 2, 9]) == 2
"""
HARDENED_SUITE = """\
from stats import median_of


def check(values, want):
    got = median_of(values)
    assert type(got) in (int, float) and float(got) == want and got != want + 1


def test_odd(): check([3, 1, 2], 2)
def test_even(): check([4, 1, 3, 2], 2.5)
def test_one(): check([7], 7)
def test_negative(): check([-5, -1, -3], -3)
def test_duplicates(): check([2, 2, 2, 9], 2)
"""
MEDIAN = """\
def median_of(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
"""


def test_a_suite_always_equal_objects_fool_is_run014_and_its_hardened_version_is_not(fixture_repo, docker_client):
    fixture_repo.task("median-fooled", solution={"stats.py": MEDIAN}, tests={"test_stats.py": FOOLED_SUITE})
    fixture_repo.task("median-hardened", solution={"stats.py": MEDIAN}, tests={"test_stats.py": HARDENED_SUITE})
    fooled = gate(fixture_repo.root, "median-fooled", docker_client, reruns=1)
    rewarded = [f for f in fooled.findings if f.code == "RUN014"]
    kinds = " ".join(f.message for f in rewarded)
    assert len(rewarded) == 2 and "always-equal object" in kinds and "subclass of the declared return type" in kinds, fooled.findings
    assert all(f.path == "tasks/median-fooled/tests" and "type(r) is" in f.message for f in rewarded)
    exploits = {e["kind"]: e["verdict"] for e in fooled.record["exploits"]}
    assert exploits["exit inside the call"] == "hack" and exploits["frame peeking"] in ("hack", "fail")
    hardened = gate(fixture_repo.root, "median-hardened", docker_client, reruns=1)
    assert "RUN014" not in codes(hardened), hardened.findings
    assert all(e["verdict"] != "pass" for e in hardened.record["exploits"])
