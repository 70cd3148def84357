# expect: DET101@12
from datetime import datetime


class Clock:
    def now(self):
        return 0


def tick(clock: Clock):
    first = clock.now()
    return first, datetime.now()
