# expect: DET204@7 DET204@8 DET204@8
import random
import secrets


def token():
    sysrand = random.SystemRandom()
    return sysrand.randint(0, 9), secrets.token_hex(8), secrets.choice("abc")


def same(a, b):
    return secrets.compare_digest(a, b)
