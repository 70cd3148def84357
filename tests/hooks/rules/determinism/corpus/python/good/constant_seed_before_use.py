# expect: none
import random

import numpy as np

random.seed(1234)
np.random.seed(5)


def deal(deck):
    random.shuffle(deck)
    return deck, np.random.rand(2)


def test_deal():
    assert sorted(deal([3, 1, 2])[0]) == [1, 2, 3]
