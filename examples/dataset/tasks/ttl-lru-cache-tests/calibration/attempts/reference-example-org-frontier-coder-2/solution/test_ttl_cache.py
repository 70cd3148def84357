"""Tests for TTLCache: expiry, LRU order, and how the two interact."""

import pytest
from ttl_cache import TTLCache


@pytest.mark.parametrize("capacity", [0, -1])
def test_rejects_capacity_below_one(capacity):
    with pytest.raises(ValueError):
        TTLCache(capacity, 10)


@pytest.mark.parametrize("ttl", [0, -5, 0.0])
def test_rejects_non_positive_ttl(ttl):
    with pytest.raises(ValueError):
        TTLCache(3, ttl)


def test_put_then_get():
    cache = TTLCache(2, 10)
    cache.put("a", 1, now=0)
    assert cache.get("a", now=5) == 1


def test_missing_key_returns_default():
    cache = TTLCache(2, 10)
    assert cache.get("nope", now=0) is None
    assert cache.get("nope", now=0, default="d") == "d"


def test_stored_none_and_falsy_values_are_not_missing():
    cache = TTLCache(3, 10)
    cache.put("none", None, now=0)
    cache.put("zero", 0, now=0)
    assert cache.get("none", now=1, default="missing") is None
    assert cache.get("zero", now=1, default="missing") == 0


def test_entry_is_live_just_before_expiry_and_gone_exactly_at_it():
    cache = TTLCache(2, 10)
    cache.put("a", 1, now=100)
    assert cache.get("a", now=109.999) == 1
    assert cache.get("a", now=110, default="gone") == "gone"


def test_reads_do_not_extend_lifetime():
    cache = TTLCache(2, 10)
    cache.put("a", 1, now=0)
    assert cache.get("a", now=9) == 1
    assert cache.get("a", now=10) is None


def test_writes_restart_lifetime():
    cache = TTLCache(2, 10)
    cache.put("a", 1, now=0)
    cache.put("a", 2, now=8)
    assert cache.get("a", now=15) == 2
    assert cache.get("a", now=18) is None


def test_full_cache_evicts_least_recently_used():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    cache.put("c", 3, now=2)
    assert cache.keys(now=3) == ["b", "c"]


def test_get_marks_entry_most_recently_used():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.get("a", now=2) == 1
    cache.put("c", 3, now=3)
    assert cache.keys(now=4) == ["a", "c"]


def test_updating_a_key_in_a_full_cache_evicts_nothing_and_refreshes_recency():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    cache.put("a", 10, now=2)
    assert cache.keys(now=3) == ["b", "a"]
    cache.put("c", 3, now=4)
    assert cache.keys(now=5) == ["a", "c"]
    assert cache.get("a", now=6) == 10


def test_expired_entries_are_dropped_before_evicting_a_live_one():
    cache = TTLCache(2, 10)
    cache.put("old", 1, now=0)
    cache.put("live", 2, now=5)
    cache.get("old", now=9)  # old becomes most recently used, live is the LRU entry
    cache.put("new", 3, now=12)  # old has expired at 10: it goes, live stays
    assert cache.keys(now=12) == ["live", "new"]


def test_keys_does_not_change_recency():
    cache = TTLCache(2, 100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.keys(now=2) == ["a", "b"]
    cache.put("c", 3, now=3)
    assert cache.keys(now=4) == ["b", "c"]


def test_purge_counts_expired_entries():
    cache = TTLCache(3, 10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=5)
    cache.put("c", 3, now=9)
    assert cache.purge(now=15) == 2
    assert cache.keys(now=15) == ["c"]
    assert cache.purge(now=15) == 0


def test_capacity_one():
    cache = TTLCache(1, 10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.get("a", now=2) is None
    assert cache.get("b", now=2) == 2
