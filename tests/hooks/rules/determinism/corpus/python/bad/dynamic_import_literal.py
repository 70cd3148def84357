# expect: DET101@6 DET201@12 DET101@12 DET201@16
import importlib


def clock():
    return __import__("time").time()


def draw():
    rnd = __import__("random")
    name = "time"
    return rnd.random(), importlib.import_module(name).monotonic()


def pick(xs):
    return importlib.import_module("random").choice(xs)
