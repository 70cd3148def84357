"""Judging the supervisor's evidence (no Docker): what is a pass, a plain failure or a hack."""

from __future__ import annotations

import json

from taskgate.ci.sandbox.evidence import MARK, assess


def line(events, exit_code=0, problems=()):
    return "noise on stdout is ignored\n" + MARK + json.dumps({"v": 1, "events": events, "problems": list(problems), "exit_code": exit_code}) + "\n"


def one_test(test_id="tests/test_a.py::test_x", call="passed", raised="", with_call_event=True):
    events = [{"e": "start", "id": test_id, "file": "tests/test_a.py", "line": 3},
              {"e": "report", "id": test_id, "when": "setup", "outcome": "passed"}]
    if with_call_event:
        events.append({"e": "call", "id": test_id, "raised": raised})
    events += [{"e": "report", "id": test_id, "when": "call", "outcome": call, "message": "assert 1 == 2" if call == "failed" else ""},
               {"e": "report", "id": test_id, "when": "teardown", "outcome": "passed"}, {"e": "end", "id": test_id}]
    return events


HELLO = [{"e": "hello", "pid": 7}, {"e": "collected", "ids": ["tests/test_a.py::test_x"]}]


def test_a_complete_consistent_run():
    seen = assess(line([*HELLO, *one_test(), {"e": "session", "exitstatus": 0}]), 0)
    assert not seen.hacks and not seen.problem
    assert [(t.id, t.outcome, t.line) for t in seen.tests] == [("tests/test_a.py::test_x", "passed", 3)]


def test_a_failing_test_keeps_its_assertion():
    seen = assess(line([*HELLO, *one_test(call="failed", raised="AssertionError"), {"e": "session", "exitstatus": 1}], 1), 1)
    assert not seen.hacks and seen.tests[0].outcome == "failed" and seen.tests[0].message == "assert 1 == 2"


def test_exit_zero_before_the_session_ended_is_a_hack_but_a_crash_is_a_failure():
    events = [*HELLO, {"e": "start", "id": "tests/test_a.py::test_x", "file": "tests/test_a.py", "line": 3}]
    assert "status 0 before pytest finished" in assess(line(events, 0), 0).hacks[0]
    crashed = assess(line(events, -11), 139)
    assert not crashed.hacks and "status -11 before pytest finished" in crashed.problem


def test_a_passed_report_whose_call_raised_or_never_ran_is_a_hack():
    raised = assess(line([*HELLO, *one_test(raised="AssertionError"), {"e": "session", "exitstatus": 0}]), 0)
    assert raised.hacks == ["tests/test_a.py::test_x was reported as passed but its test function raised AssertionError"]
    never = assess(line([*HELLO, *one_test(with_call_event=False), {"e": "session", "exitstatus": 0}]), 0)
    assert "never called" in never.hacks[0]


def test_status_zero_after_pytest_announced_a_failure_is_a_hack():
    seen = assess(line([*HELLO, *one_test(call="failed", raised="AssertionError"), {"e": "session", "exitstatus": 1}], 0), 0)
    assert "pytest finished with status 1 but the test process exited with status 0" in seen.hacks[0]


def test_channel_problems_and_tamper_events_are_hacks():
    seen = assess(line([*HELLO, {"e": "tamper", "what": "opens /task/tests/test_a.py", "where": "solution/a.py:3"}, *one_test(),
                        {"e": "session", "exitstatus": 0}], 0, ["unauthenticated data on the evidence channel: b'0 00 {}'"]), 0)
    assert seen.hacks == ["unauthenticated data on the evidence channel: b'0 00 {}'",
                          "the solution opens /task/tests/test_a.py (solution/a.py:3)"]


def test_no_evidence_or_no_witness_is_a_plain_failure():
    assert assess("a forged line\n", 0).problem.startswith("the supervisor reported no evidence")
    assert "did not load taskgate's witness" in assess(line([], 1), 1).problem


def test_a_skipped_test_is_skipped_and_xfail_is_named():
    events = [*HELLO, {"e": "start", "id": "t", "file": "f", "line": 1},
              {"e": "report", "id": "t", "when": "setup", "outcome": "skipped", "xfail": False, "message": "no"},
              {"e": "report", "id": "t", "when": "teardown", "outcome": "passed"}, {"e": "session", "exitstatus": 0}]
    (test,) = assess(line(events), 0).tests
    assert (test.outcome, test.kind) == ("skipped", "skip")
