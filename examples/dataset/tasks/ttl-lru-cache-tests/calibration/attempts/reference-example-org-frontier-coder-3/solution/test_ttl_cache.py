import random

import pytest
from ttl_cache import TTLCache


def make(capacity=2, ttl=10.0):
    return TTLCache(capacity, ttl)


@pytest.mark.parametrize("capacity, ttl", [(0, 1), (-3, 1), (1, 0), (1, -0.1)])
def test_invalid_configuration(capacity, ttl):
    with pytest.raises(ValueError):
        TTLCache(capacity, ttl)


def test_exact_expiry_boundary():
    c = make(ttl=5)
    c.put("k", "v", now=10)
    assert c.get("k", now=14.5) == "v"
    assert c.get("k", now=15, default="expired") == "expired"
    assert c.keys(now=15) == []


def test_read_does_not_refresh_ttl_but_write_does():
    c = make(ttl=5)
    c.put("k", 1, now=0)
    assert c.get("k", now=4) == 1
    assert c.get("k", now=5) is None
    c.put("k", 2, now=5)
    c.put("k", 3, now=9)
    assert c.get("k", now=13) == 3


def test_falsy_values_are_returned():
    c = make(capacity=4)
    for key, value in (("none", None), ("zero", 0), ("empty", ""), ("false", False)):
        c.put(key, value, now=0)
    for key, value in (("none", None), ("zero", 0), ("empty", ""), ("false", False)):
        assert c.get(key, now=1, default=object()) == value


def test_eviction_takes_the_least_recently_used():
    c = make(capacity=3, ttl=100)
    for i, key in enumerate("abc"):
        c.put(key, i, now=i)
    c.get("a", now=3)
    c.put("d", 3, now=4)
    assert c.keys(now=5) == ["c", "a", "d"]


def test_update_moves_key_to_most_recent_without_eviction():
    c = make(capacity=2, ttl=100)
    c.put("a", 1, now=0)
    c.put("b", 1, now=1)
    c.put("a", 2, now=2)
    assert sorted(c.keys(now=2)) == ["a", "b"]
    c.put("c", 1, now=3)
    assert c.keys(now=3) == ["a", "c"]


def test_full_cache_prefers_dropping_expired_entries():
    c = make(capacity=2, ttl=10)
    c.put("stale", 1, now=0)
    c.put("fresh", 2, now=6)
    c.get("stale", now=7)  # stale is now most recently used
    c.put("new", 3, now=10)  # stale expired at 10
    assert c.keys(now=10) == ["fresh", "new"]


def test_keys_is_read_only():
    c = make(capacity=2, ttl=100)
    c.put("a", 1, now=0)
    c.put("b", 2, now=1)
    c.keys(now=2)
    c.put("c", 3, now=3)
    assert c.keys(now=3) == ["b", "c"]


def test_purge_returns_number_dropped():
    c = make(capacity=5, ttl=3)
    for i in range(5):
        c.put(i, i, now=i)
    assert c.purge(now=5) == 3
    assert c.keys(now=5) == [3, 4]


def test_capacity_one_replaces_entry():
    c = make(capacity=1)
    c.put("a", 1, now=0)
    c.put("b", 2, now=0)
    assert c.get("a", now=0) is None
    assert c.get("b", now=0) == 2


def model_keys(log, capacity, ttl, now):
    return [k for k, (v, exp) in log.items() if now < exp]


def test_random_operations_keep_contract_invariants():
    rng = random.Random(20240601)
    c = make(capacity=3, ttl=4)
    now = 0.0
    for _ in range(300):
        now += rng.choice([0, 0.5, 1, 2])
        key = rng.randrange(5)
        if rng.random() < 0.5:
            c.put(key, now, now=now)
            assert c.keys(now=now)[-1] == key
        else:
            value = c.get(key, now=now, default=None)
            if value is not None:
                assert now < value + 4
        assert len(c.keys(now=now)) <= 3
