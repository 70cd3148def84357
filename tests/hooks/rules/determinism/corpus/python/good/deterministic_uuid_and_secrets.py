# expect: none
import hmac
import secrets
import uuid

NAMESPACE = uuid.NAMESPACE_DNS


def ids(name):
    return uuid.uuid5(NAMESPACE, name), uuid.uuid3(NAMESPACE, name), uuid.UUID(int=5)


def same(a, b):
    return secrets.compare_digest(a, b) and hmac.compare_digest(a, b)
