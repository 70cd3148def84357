import pytest
from ttl_cache import TTLCache


def test_invalid_arguments():
    with pytest.raises(ValueError):
        TTLCache(0, 10)
    with pytest.raises(ValueError):
        TTLCache(1, 0)


def test_basic_put_get():
    cache = TTLCache(3, 10)
    cache.put("x", "value", now=0)
    assert cache.get("x", now=1) == "value"
    assert cache.get("y", now=1, default=42) == 42


def test_none_value_vs_default():
    cache = TTLCache(3, 10)
    cache.put("x", None, now=0)
    assert cache.get("x", now=1, default="sentinel") is None


def test_expiry_boundary():
    cache = TTLCache(3, 10)
    cache.put("x", 1, now=0)
    assert cache.get("x", now=9.5) == 1
    assert cache.get("x", now=10) is None


def test_get_does_not_extend_ttl():
    cache = TTLCache(3, 10)
    cache.put("x", 1, now=0)
    cache.get("x", now=5)
    assert cache.get("x", now=10) is None


def test_lru_eviction():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=0)
    cache.get("a", now=1)
    cache.put("c", 3, now=2)
    assert cache.get("b", now=3) is None
    assert cache.get("a", now=3) == 1
    assert cache.get("c", now=3) == 3


def test_update_existing_key_does_not_evict():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=0)
    cache.put("a", 3, now=1)
    assert cache.keys(now=2) == ["b", "a"]


def test_expired_entries_make_room():
    cache = TTLCache(2, 10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=0)
    cache.put("c", 3, now=20)  # both expired; either way only c is left
    assert cache.keys(now=20) == ["c"]


def test_purge():
    cache = TTLCache(3, 10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=6)
    assert cache.purge(now=10) == 1
    assert cache.keys(now=10) == ["b"]


def test_capacity_one():
    cache = TTLCache(1, 10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.keys(now=2) == ["b"]
