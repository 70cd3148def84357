# expect: none
import random


def shuffle_copy(xs, rng: random.Random):
    out = list(xs)
    rng.shuffle(out)
    return out


def test_shuffle_copy():
    assert sorted(shuffle_copy([3, 1, 2], random.Random(0))) == [1, 2, 3]
