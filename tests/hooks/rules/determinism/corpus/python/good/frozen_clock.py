# expect: none
import datetime
import time

from freezegun import freeze_time


@freeze_time("2020-01-01")
def test_frozen_decorator():
    assert datetime.datetime.now().year == 2020


def test_frozen_block():
    with freeze_time("2021-06-01"):
        assert datetime.date.today().month == 6
        assert time.time() > 0


@freeze_time("2022-02-02")
class TestFrozenClass:
    def test_method(self):
        assert datetime.datetime.now().day == 2
