# expect: none
class Stopwatch:
    def __init__(self, ticks):
        self._ticks = list(ticks)

    def time(self):
        return self._ticks.pop(0)

    def lap(self):
        start = self.time()
        return self.time() - start
