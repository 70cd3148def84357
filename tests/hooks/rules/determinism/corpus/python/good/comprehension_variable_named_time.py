# expect: none
import time


def hours(stamps):
    return [time.hour for time in stamps]


def minutes(records):
    for time in records:
        print(time.minute)
