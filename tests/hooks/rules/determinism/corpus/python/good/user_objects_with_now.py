# expect: none
class FakeClock:
    def __init__(self, start):
        self.t = start

    def now(self):
        return self.t

    def time(self):
        return self.t


def stamp(clock):
    return clock.now(), clock.time()


class datetime:  # a user class shadowing the name
    @staticmethod
    def now():
        return 0


def use_own():
    return datetime.now(), FakeClock(3).now()
