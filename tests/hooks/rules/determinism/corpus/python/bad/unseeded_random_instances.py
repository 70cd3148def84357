# expect: DET202@9 DET202@12
import random
from random import Random


class Shuffler:
    def __init__(self, seed=None):
        self.rng = random.Random(seed)
        self.spare = Random()

    def fresh(self):
        return random.Random(None)
