"""Ground truth: the test suite the model should write. It must kill every mutant in meta/."""

import pytest

from clamp import clamp


def test_inside_range():
    assert clamp(5, 0, 10) == 5


def test_below_range():
    assert clamp(-1, 0, 10) == 0


def test_above_range():
    assert clamp(11, 0, 10) == 10


def test_bounds_are_inclusive():
    assert clamp(0, 0, 10) == 0
    assert clamp(10, 0, 10) == 10


def test_inverted_bounds_rejected():
    with pytest.raises(ValueError):
        clamp(1, 2, 1)
