# expect: none
import random
import time


def shuffled(xs, seed):
    random.seed(seed)
    random.shuffle(xs)
    return xs


def backoff(attempt):
    time.sleep(0.01 * attempt)
    return attempt + 1
