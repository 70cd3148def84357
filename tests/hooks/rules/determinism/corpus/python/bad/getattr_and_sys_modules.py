# expect: DET101@7 DET101@11
import sys
import time


def now():
    return getattr(time, "time")()


def later():
    return sys.modules["time"].monotonic()
