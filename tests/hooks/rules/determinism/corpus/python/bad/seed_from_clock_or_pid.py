# expect: DET203@8 DET203@9 DET203@13
import os
import random
import time

import numpy as np

random.seed(time.time())
np.random.seed(int(time.time_ns() % 2**32))


def reseed():
    random.seed(os.getpid())
