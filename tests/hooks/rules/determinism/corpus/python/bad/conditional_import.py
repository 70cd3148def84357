# expect: DET101@9
try:
    from time import perf_counter as pc
except ImportError:  # pragma: no cover
    pc = None


def tick():
    return pc()
