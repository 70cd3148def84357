# expect: DET101@6 DET101@8
def benchmark(fn, n=3):
    import time
    best = None
    for _ in range(n):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best
