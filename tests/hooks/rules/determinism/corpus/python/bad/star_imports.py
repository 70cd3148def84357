# expect: DET201@7 DET101@8
from random import *
from time import *


def shuffled(xs):
    shuffle(xs)
    return xs, time()
