# expect: none
import random

import numpy as np


class Sampler:
    def __init__(self, seed):
        self._rng = random.Random()
        self._rng.seed(seed)
        self._legacy = np.random.RandomState()
        self._legacy.seed(1234)

    def draw(self):
        return self._rng.random(), self._legacy.rand()
