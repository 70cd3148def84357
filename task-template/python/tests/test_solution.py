"""The reward function: every test must pass on the ground truth and fail on wrong answers."""

import random

from solution import solve


def test_empty_input():
    assert solve([]) == 0


def test_single_value():
    assert solve([7]) == 7


def test_negative_values():
    assert solve([-3, 1, -2]) == -4


def test_randomized_against_oracle():
    rng = random.Random(20240501)
    for _ in range(200):
        values = [rng.randint(-1000, 1000) for _ in range(rng.randint(0, 50))]
        assert solve(values) == sum(values)
