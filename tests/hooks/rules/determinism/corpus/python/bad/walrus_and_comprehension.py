# expect: DET101@7 DET201@9 DET201@9
import random
import time


def samples():
    if (now := time.time()) > 0:
        pass
    return now, [random.random() for _ in range(3)], {random.random(): k for k in "ab"}
