# expect: none
import random
import unittest


class ShuffleTest(unittest.TestCase):
    def setUp(self):
        random.seed(42)

    def test_shuffle_keeps_items(self):
        xs = list(range(10))
        random.shuffle(xs)
        self.assertEqual(sorted(xs), list(range(10)))
