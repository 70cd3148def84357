# expect: DET201@7 DET201@8 DET201@9
import random
from collections import defaultdict


def jitter(items):
    ordered = sorted(items, key=lambda _: random.random())
    weights = defaultdict(random.random)
    rolls = list(map(random.choice, [[1, 2], [3, 4]]))
    return ordered, weights, rolls
