# expect: none
import random
import time

ORIGINAL = time.time


def is_real_clock(clock):
    return clock is time.time or isinstance(clock, random.Random)


def show():
    print(time.time)
    return callable(random.random), hasattr(time, "monotonic"), getattr(time, "time") is ORIGINAL
