# expect: DET101@6 DET101@14 DET101@17
import time


def is_expired(deadline, clock=time.time):
    return clock() > deadline


class Cache:
    def __init__(self, clock=None):
        self._clock = clock or time.monotonic

    def age(self, stamp):
        return self._clock() - stamp


timer = lambda clock=time.perf_counter: clock()
