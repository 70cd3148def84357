# expect: none
from urllib.request import urlopen


def read_local(path):
    with urlopen("file:///etc/hostname") as fh:
        return fh.read()
