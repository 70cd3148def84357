# expect: DET101@7
"""Elapsed-time helper that reads the clock through an alias."""
import time as t


def stamp(record):
    record["at"] = t.time()
    return record
