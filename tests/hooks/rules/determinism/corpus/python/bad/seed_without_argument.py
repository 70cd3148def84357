# expect: DET203@7 DET203@8 DET201@9 DET201@9
import random
import numpy as np


def setup():
    random.seed()
    np.random.seed(None)
    return random.random(), np.random.rand()
