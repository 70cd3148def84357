import pytest
from ttl_cache import TTLCache


class TestConstruction:
    def test_capacity_must_be_positive(self):
        with pytest.raises(ValueError):
            TTLCache(0, 5)

    def test_ttl_must_be_positive(self):
        with pytest.raises(ValueError):
            TTLCache(2, 0)


class TestExpiry:
    def test_live_before_and_expired_at_deadline(self):
        cache = TTLCache(2, 5)
        cache.put("a", 1, now=0)
        assert cache.get("a", now=4.9) == 1
        assert cache.get("a", now=5) is None

    def test_get_does_not_extend(self):
        cache = TTLCache(2, 5)
        cache.put("a", 1, now=0)
        cache.get("a", now=3)
        assert cache.get("a", now=5) is None

    def test_purge(self):
        cache = TTLCache(3, 5)
        cache.put("a", 1, now=0)
        cache.put("b", 1, now=2)
        assert cache.purge(now=5) == 1


class TestLRU:
    def test_evicts_oldest(self):
        cache = TTLCache(2, 100)
        cache.put("a", 1, now=0)
        cache.put("b", 2, now=1)
        cache.put("c", 3, now=2)
        assert cache.keys(now=2) == ["b", "c"]

    def test_get_refreshes_recency(self):
        cache = TTLCache(2, 100)
        cache.put("a", 1, now=0)
        cache.put("b", 2, now=1)
        cache.get("a", now=2)
        cache.put("c", 3, now=3)
        assert cache.keys(now=3) == ["a", "c"]

    def test_update_does_not_evict(self):
        cache = TTLCache(2, 100)
        cache.put("a", 1, now=0)
        cache.put("b", 2, now=1)
        cache.put("b", 3, now=2)
        assert cache.keys(now=2) == ["a", "b"]
        assert cache.get("b", now=2) == 3

    def test_none_value(self):
        cache = TTLCache(1, 100)
        cache.put("a", None, now=0)
        assert cache.get("a", now=1, default=7) is None
