# expect: DET101@9
import time

_clock = time.monotonic
_saved = time.time


def elapsed(start):
    return _clock() - start
