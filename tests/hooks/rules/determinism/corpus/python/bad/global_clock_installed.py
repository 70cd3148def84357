# expect: DET101@13
import time

_clock = None


def install():
    global _clock
    _clock = time.monotonic


def elapsed(start):
    return _clock() - start
