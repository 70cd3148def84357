# expect: DET101@7 DET101@9 DET101@9
from time import time as now
from time import perf_counter_ns


def measure(fn):
    start = now()
    fn()
    return now() - start, perf_counter_ns()
