# expect: DET202@8 DET202@9 DET202@10
import numpy as np
from numpy.random import default_rng


def generators(seed):
    fine = np.random.default_rng(seed)
    bad = default_rng()
    gen = np.random.Generator(np.random.PCG64())
    legacy = np.random.RandomState()
    return fine, bad, gen, legacy
