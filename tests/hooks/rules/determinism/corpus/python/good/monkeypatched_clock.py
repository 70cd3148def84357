# expect: none
import random
import time


def test_independent_of_time(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 5.0)
    first = time.time()
    monkeypatch.setattr("time.time", lambda: 1e9)
    assert time.time() != first


def test_mocker(mocker):
    mocker.patch("random.random", return_value=0.25)
    assert random.random() == 0.25
