"""Reporter selection and report parsing (no Docker)."""

from __future__ import annotations

import pytest

from taskgate.ci.sandbox.harness import instrument, parse_junit, parse_tap


@pytest.mark.parametrize("argv, name", [
    (["python3", "-m", "pytest", "-q", "tests"], "pytest"),
    (["pytest", "tests"], "pytest"),
    (["/usr/bin/python3.12", "-I", "-m", "pytest", "tests"], "pytest"),
    (["node", "--test", "tests/"], "node-test"),
    (["python3", "tests/run.py"], "exit-code"),
    (["python3", "-c", "import pytest; pytest.main()"], "exit-code"),
    (["sh", "-c", "pytest tests"], "exit-code"),
    (["npm", "test"], "exit-code"),
])
def test_harness_is_chosen_from_the_program(argv, name):
    harness = instrument(argv)
    assert harness.name == name
    assert bool(harness.note) == (name == "exit-code")


def test_pytest_gets_its_own_junit_report_and_a_users_report_option_is_dropped():
    harness = instrument(["python3", "-m", "pytest", "--junitxml=/tmp/mine.xml", "-q", "tests"])
    assert harness.argv[:4] == ["python3", "-m", "pytest", "--junitxml=/out/report"]
    assert "--junitxml=/tmp/mine.xml" not in harness.argv
    assert harness.argv[-2:] == ["-q", "tests"]


def test_node_gets_tap_beside_its_console_output():
    argv = instrument(["node", "--test", "tests/"]).argv
    assert argv[0] == "node" and argv[-2:] == ["--test", "tests/"]
    assert "--test-reporter=tap" in argv and "--test-reporter-destination=/out/report" in argv


JUNIT = b"""<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="6">
<testcase classname="tests.test_a" name="test_ok" file="tests/test_a.py" line="3" time="0.1"/>
<testcase classname="tests.test_a.TestX" name="test_p[1-2]" file="tests/test_a.py" line="10"><failure message="assert 1 == 2">tb</failure></testcase>
<testcase classname="tests.test_a" name="test_err" file="tests/test_a.py" line="20"><error message="fixture broke"/></testcase>
<testcase classname="tests.test_a" name="test_skip" file="tests/test_a.py" line="30"><skipped type="pytest.skip" message="later"/></testcase>
<testcase classname="tests.test_a" name="test_xf" file="tests/test_a.py" line="40"><skipped type="pytest.xfail" message="known"/></testcase>
<testcase classname="" name="tests.test_b" file="tests/test_b.py"><error message="collection failure"/></testcase>
</testsuite></testsuites>"""


def test_junit_outcomes_ids_and_one_based_lines():
    parsed = parse_junit(JUNIT)
    assert not parsed.problem
    got = [(t.id, t.outcome, t.kind, t.line) for t in parsed.tests]
    assert got == [
        ("tests/test_a.py::test_ok", "passed", "", 4),
        ("tests/test_a.py::TestX::test_p[1-2]", "failed", "", 11),
        ("tests/test_a.py::test_err", "error", "", 21),
        ("tests/test_a.py::test_skip", "skipped", "skip", 31),
        ("tests/test_a.py::test_xf", "skipped", "xfail", 41),
        ("tests/test_b.py::tests.test_b", "error", "", 0),
    ]
    assert parsed.tests[1].message == "assert 1 == 2"


@pytest.mark.parametrize("data", [b"<testsuites><testsuite>", b"not xml at all", b"<!DOCTYPE x [<!ENTITY a 'b'>]><testsuites>&a;</testsuites>"])
def test_malformed_junit_is_a_problem_not_a_crash(data):
    parsed = parse_junit(data)
    assert parsed.problem or parsed.tests == []


TAP = """TAP version 13
# Subtest: passes
ok 1 - passes
  ---
  duration_ms: 0.1
  ...
# Subtest: fails
not ok 2 - fails
  ---
  location: '/task/tests/a.test.js:4:1'
  error: '1 == 2'
  ...
ok 3 - skipped # SKIP
ok 4 - todo # TODO
# Subtest: group
    # Subtest: inner ok
    ok 1 - inner ok
    not ok 2 - inner bad
      ---
      location: '/task/tests/a.test.js:7:53'
      ...
    1..2
not ok 5 - group
  ---
  location: '/task/tests/a.test.js:7:1'
  ...
ok 6 - passes
1..6
"""


def test_tap_leaves_are_the_tests_with_their_parents_in_the_id():
    parsed = parse_tap(TAP)
    got = [(t.id, t.outcome, t.kind) for t in parsed.tests]
    assert got == [
        ("passes", "passed", ""),
        ("fails", "failed", ""),
        ("skipped", "skipped", "skip"),
        ("todo", "skipped", "todo"),
        ("group > inner ok", "passed", ""),
        ("group > inner bad", "failed", ""),
        ("passes #2", "passed", ""),
    ]
    assert (parsed.tests[1].file, parsed.tests[1].line) == ("/task/tests/a.test.js", 4)
    assert parsed.tests[5].line == 7


def test_tap_without_test_points_is_a_problem():
    assert parse_tap("TAP version 13\n1..0\n").problem
