# expect: none
import random

import pytest


@pytest.fixture
def fixed_seed():
    random.seed(3)


@pytest.mark.usefixtures("fixed_seed")
def test_choice():
    assert random.choice([1, 2]) in (1, 2)
