# expect: none
import numpy as np


class TestStats:
    def setup_method(self):
        np.random.seed(11)

    def test_mean(self):
        data = np.random.normal(0.0, 1.0, size=100)
        assert abs(data.mean()) < 1
