# expect: DET101@7 DET101@8 DET101@8 DET101@12
import time


def banner():
    fixed = time.strftime("%Y-%m-%d", time.gmtime(0))
    local = time.localtime()
    return fixed, time.strftime("%H:%M"), time.ctime(), local


def epoch_parts():
    return time.gmtime(None), time.gmtime(86400)
