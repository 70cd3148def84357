# expect: DET101@6
import time


def test_uses_patched_clock(monkeypatch):
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: 100.0)
    assert time.time() == 100.0
    assert real > 0
