# expect: DET101@11 DET201@21
import random
import time


def with_injected(time):
    return time.time()


def with_real():
    return time.time()


def local_random():
    def random():
        return 4
    return random()


def module_random():
    return random.random()
