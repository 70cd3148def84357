"""`python_tests.analyse` walks only the expressions on lines that can matter; walking every
expression must give the same analysis (tricky layouts here, every real test file of the
repository below)."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from taskgate.hooks.rules.integrity import python_tests

ROOT = Path(__file__).resolve().parents[4]

TRICKY = {
    "decorated": '''
import pytest
from solution import parse, Token

@pytest.mark.parametrize(
    "bad",
    [pytest.param("x", id="raises on unknown unit")],
)
def test_bad(bad):
    with pytest.raises(ValueError, match="unknown unit") as exc:
        parse(bad)
    assert "unknown" in str(exc.value)
    assert exc.value.args[0] == "unknown unit: x"
''',
    "alias on another line": '''
from pytest import raises as expect_failure
import solution as s


def helper():
    return s.normalise("a")


class TestParse:
    def test_nested_import(self):
        from solution import tokens
        with expect_failure(
            KeyError,
        ):
            tokens({})

    def test_unittest_style(self):
        self.assertRaisesRegex(OverflowError, "too (big|large)", s.grow, 10**9)
''',
    "comparison lines after the block": '''
import pytest
from solution import top_k

def test_negative_k():
    with pytest.raises((ValueError, TypeError)) as err:
        top_k([1], -1)

    message = "k must be non-negative"
    assert str(err.value) == "k must be non-negative"
    assert message in err.value.message
''',
    "statements of every kind": '''
import pytest
import solution

def test_everything():
    for item in solution.items():
        if item:
            while False:
                pass
        else:
            try:
                pass
            except solution.Broken as e:
                with pytest.raises(RuntimeError):
                    solution.fail(e)
            finally:
                check = lambda: pytest.raises(IndexError)
    match solution.kind():
        case solution.Kind.A if pytest.raises(LookupError):
            pass
    values = [pytest.raises(ZeroDivisionError) for _ in range(1)]
    assert f"{solution.name()}"
''',
    "carriage returns": 'import pytest\r\nfrom solution import f\r\n\r\ndef test_f():\r\n    with pytest.raises(ValueError, match="bad"):\r\n        f(1)\r\n',
}


def _same(source: str) -> python_tests.Analysis:
    pruned = python_tests.analyse(source, {"solution"})
    assert pruned == python_tests.analyse(source, {"solution"}, every_expression=True)
    return pruned


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_layouts_give_what_a_full_walk_gives(name):
    found = {(e.kind, e.value) for e in _same(TRICKY[name]).expectations}
    assert any(kind == "exception" for kind, _ in found)


def test_the_tricky_layouts_find_what_they_state():
    decorated = {(e.kind, e.value) for e in _same(TRICKY["decorated"]).expectations}
    assert decorated == {("import", "parse"), ("import", "Token"), ("exception", "ValueError"), ("message", "unknown unit"),
                         ("message", "unknown"), ("message", "unknown unit: x")}
    alias = {(e.kind, e.value) for e in _same(TRICKY["alias on another line"]).expectations}
    assert {("exception", "KeyError"), ("exception", "OverflowError"), ("import", "tokens"), ("import", "normalise"), ("import", "grow")} <= alias
    later = {(e.kind, e.value) for e in _same(TRICKY["comparison lines after the block"]).expectations}
    assert {("exception", "ValueError"), ("exception", "TypeError"), ("message", "k must be non-negative")} <= later
    every = {v for k, v in ((e.kind, e.value) for e in _same(TRICKY["statements of every kind"]).expectations) if k == "exception"}
    assert every == {"RuntimeError", "IndexError", "LookupError", "ZeroDivisionError"}


def test_every_test_file_of_the_repository_gives_what_a_full_walk_gives():
    files = [f for pattern in ("examples/**/*.py", "task-template/**/*.py", "tests/**/*.py", "benchmarks/**/*.py")
             for f in glob.glob(str(ROOT / pattern), recursive=True) if "/data/" not in f]
    assert len(files) > 100
    raising = 0
    for path in sorted(files):
        source = Path(path).read_text(encoding="utf-8", errors="replace")
        analysis = _same(source)
        raising += any(e.kind == "exception" for e in analysis.expectations)
    assert raising > 20


FAKE_FAILS = '''
import unittest
from retry import run_with_retries


class Flaky:
    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise OSError(f"failure {self.calls}")
        return "ok"


class RetryTest(unittest.TestCase):
    def test_last_exception_propagates(self):
        with self.assertRaisesRegex(OSError, "failure 3"):
            run_with_retries(Flaky(10), attempts=3)

    def test_gives_up_with_the_stub_message(self):
        with self.assertRaisesRegex(RuntimeError, r"stub gave up after \\d+ calls"):
            run_with_retries(Broken(), attempts=3)

    def test_invalid_attempts(self):
        with self.assertRaisesRegex(ValueError, "attempts must be at least 1"):
            run_with_retries(Flaky(0), attempts=0)


class Broken:
    def __call__(self):
        raise RuntimeError("stub gave up after 3 calls")
'''


def test_a_message_the_test_module_raises_itself_is_not_expected_of_the_solution():
    """A fake's own failure ("failure {n}", an f-string) re-raised through the solution is the
    test's text, not the solution's; a message nothing in the module raises still is."""
    messages = {e.value for e in _same(FAKE_FAILS).expectations if e.kind == "message"}
    assert messages == {"attempts must be at least 1"}


def test_a_message_the_test_module_raises_itself_is_not_expected_of_the_solution():
    fake = '''
import pytest
from solution import retry

class Flaky:
    def __init__(self):
        self.calls = 0
    def __call__(self):
        self.calls += 1
        raise OSError(f"failure {self.calls}")

def test_gives_up():
    with pytest.raises(OSError, match="failure 3"):
        retry(Flaky(), attempts=3)
'''
    assert [e.kind for e in python_tests.analyse(fake, {"solution"}).expectations] == ["import", "exception"]


def test_a_raise_of_a_bare_placeholder_explains_no_message():
    """`raise ValueError(f"{text}")` could produce any message: the solution's own still counts."""
    source = '''
import pytest
from solution import parse

def helper(text):
    raise ValueError(f"{text}")

def test_empty():
    with pytest.raises(ValueError, match="empty duration"):
        parse("")
'''
    assert ("message", "empty duration") in {(e.kind, e.value) for e in python_tests.analyse(source, {"solution"}).expectations}
