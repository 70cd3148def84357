# expect: none
from . import requests
from .clock import time
from .rng import random


def run(url):
    return requests.get(url), time(), random()
