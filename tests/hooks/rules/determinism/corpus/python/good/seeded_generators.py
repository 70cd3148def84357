# expect: none
import random

import numpy as np


def simulate(n, seed):
    rng = random.Random(42)
    mine = random.Random(seed)
    gen = np.random.default_rng(7)
    other = np.random.default_rng(seed=seed)
    legacy = np.random.RandomState(0)
    return [rng.random() for _ in range(n)], mine.choice("ab"), gen.integers(0, 9), other, legacy.rand()
