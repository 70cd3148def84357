# expect: DET201@4
import random

first = random.randint(1, 6)
random.seed(3)
second = random.randint(1, 6)


def roll():
    return random.randint(1, 6)
