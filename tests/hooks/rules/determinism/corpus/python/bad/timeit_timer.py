# expect: DET101@6 DET101@8
import timeit


def fast_enough(fn):
    start = timeit.default_timer()
    fn()
    return timeit.default_timer() - start < 1.0
