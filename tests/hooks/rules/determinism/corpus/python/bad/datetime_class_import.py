# expect: DET101@6 DET101@10
from datetime import datetime, timezone


def created():
    return datetime.now(tz=timezone.utc).isoformat()


def legacy():
    return datetime.utcnow()
