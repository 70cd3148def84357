# expect: DET204@7 DET204@7
import os
from os import urandom as entropy


def salt():
    return os.urandom(16) + entropy(4)
