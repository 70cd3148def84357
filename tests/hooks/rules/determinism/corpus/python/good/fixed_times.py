# expect: none
import datetime
import time
from datetime import date, timezone

EPOCH = time.gmtime(0)
LAUNCH = datetime.date(2020, 1, 1)


def fixed_values():
    stamp = datetime.datetime.fromtimestamp(0, tz=timezone.utc)
    parsed = datetime.datetime.strptime("2020-01-02", "%Y-%m-%d")
    local = time.localtime(1_700_000_000)
    text = time.strftime("%Y-%m-%d", EPOCH)
    return stamp, parsed, local, text, date.fromisoformat("2021-03-04"), time.ctime(0)
