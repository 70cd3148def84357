# expect: DET203@8 DET203@9 DET203@10
import os
import random
import time

import numpy as np

a = random.Random(os.urandom(8))
b = random.Random(time.time())
c = np.random.default_rng(time.time_ns())
