# expect: none
import random
import time
from unittest import mock


@mock.patch("random.random", return_value=0.5)
def test_coin(_random):
    assert random.random() == 0.5


def test_patch_object():
    with mock.patch.object(time, "monotonic", return_value=3.0):
        assert time.monotonic() == 3.0
