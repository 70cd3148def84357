# expect: DET205@3 DET205@7 DET205@12 DET205@16
def bucket(name: str, buckets: int) -> int:
    return hash(name) % buckets


def fingerprint(word):
    key = hash(word.encode())
    return key


def report():
    print(hash("abc"))


def shard(user_id):
    return hash(("user", user_id)) & 0xFF
