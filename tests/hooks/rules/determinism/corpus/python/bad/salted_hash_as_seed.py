# expect: DET203@6
import random


def shuffled(items, label: str):
    rng = random.Random(hash(label))
    out = list(items)
    rng.shuffle(out)
    return out
