# expect: DET101@12
import time


class Job:
    clock = time.time

    def __init__(self):
        self.start = 0.0

    def elapsed(self):
        return self.clock() - self.start
