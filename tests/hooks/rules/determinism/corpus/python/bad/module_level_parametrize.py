# expect: DET201@7
import random

import pytest


@pytest.mark.parametrize("n", [random.randint(0, 9) for _ in range(5)])
def test_square(n):
    assert n * n >= 0
