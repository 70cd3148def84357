# expect: none
import time


def run(clock=None):
    time = clock if clock is not None else FixedClock()
    return time.time()


class FixedClock:
    def time(self):
        return 0.0
