# expect: none
def elapsed(time, start):
    """`time` is an injected clock object, not the module."""
    return time.time() - start


def window(random, size):
    return [random.random() for _ in range(size)]
