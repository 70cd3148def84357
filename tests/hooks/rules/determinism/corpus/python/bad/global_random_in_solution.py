# expect: DET201@6 DET201@11 DET201@11
import random


def deal(deck, hands):
    random.shuffle(deck)
    return [deck[i::hands] for i in range(hands)]


def pick(options):
    return random.choice(options), random.sample(options, 2)
