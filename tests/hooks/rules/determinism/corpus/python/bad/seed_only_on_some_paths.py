# expect: DET201@8
import random


def shuffled(xs, seed=None):
    if seed is not None:
        random.seed(seed)
    random.shuffle(xs)
    return xs
