# expect: none
import random

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _seed_everything():
    random.seed(0)
    np.random.seed(0)
    yield


def test_draws_are_reproducible():
    assert 0 <= random.random() < 1
    assert np.random.rand() < 1


class TestInClass:
    def test_shuffle(self):
        xs = [1, 2, 3]
        random.shuffle(xs)
        assert sorted(xs) == [1, 2, 3]
