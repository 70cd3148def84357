# expect: DET102@7 DET204@8
import uuid
from uuid import uuid4 as new_id


def make_ids(n):
    first = uuid.uuid1()
    return [first] + [new_id() for _ in range(n)]
