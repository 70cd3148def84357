# expect: DET201@11
import random


def test_seeded_here():
    random.seed(7)
    assert 0 <= random.random() < 1


def test_relies_on_other_test_order():
    assert random.randint(1, 3) in (1, 2, 3)
