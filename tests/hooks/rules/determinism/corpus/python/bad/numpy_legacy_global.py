# expect: DET201@7 DET201@8 DET201@9 DET201@10
import numpy as np
from numpy.random import shuffle


def sample(n):
    data = np.random.rand(n)
    idx = np.random.choice(n, size=2)
    shuffle(data)
    return data, idx, np.random.normal(0.0, 1.0)
