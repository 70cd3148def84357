# expect: none
def random():
    return 4  # chosen by fair dice roll


def uuid4():
    return "00000000-0000-0000-0000-000000000000"


def use():
    return random(), uuid4()
