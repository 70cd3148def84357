# expect: none
import random

import pytest


@pytest.fixture
def seeded():
    random.seed(2024)
    return random


def reseed():
    random.seed(99)


def test_with_fixture(seeded):
    assert random.randint(1, 6) in range(1, 7)


def test_with_helper():
    reseed()
    assert random.choice("abc") in "abc"
