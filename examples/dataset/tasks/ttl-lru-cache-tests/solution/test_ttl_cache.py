"""Ground-truth test suite for subject/ttl_cache.py (TTLCache)."""

from __future__ import annotations

import random

import pytest
from ttl_cache import TTLCache

MISSING = object()


class ReferenceCache:
    """Deliberately naive model of the documented contract, used as a differential oracle."""

    def __init__(self, capacity, ttl):
        self.capacity = capacity
        self.ttl = ttl
        self.items = []  # [key, value, expires_at], least to most recently used

    def _find(self, key):
        for index, item in enumerate(self.items):
            if item[0] == key:
                return index
        return None

    def get(self, key, now, default=None):
        index = self._find(key)
        if index is None:
            return default
        item = self.items.pop(index)
        if now >= item[2]:
            return default
        self.items.append(item)
        return item[1]

    def put(self, key, value, now):
        index = self._find(key)
        if index is not None:
            self.items.pop(index)
        elif len(self.items) >= self.capacity:
            self.items = [item for item in self.items if now < item[2]]
            if len(self.items) >= self.capacity:
                self.items.pop(0)
        self.items.append([key, value, now + self.ttl])

    def purge(self, now):
        before = len(self.items)
        self.items = [item for item in self.items if now < item[2]]
        return before - len(self.items)

    def keys(self, now):
        return [item[0] for item in self.items if now < item[2]]


# --- construction ---------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, -1, -100])
def test_capacity_below_one_is_rejected(capacity):
    with pytest.raises(ValueError):
        TTLCache(capacity, ttl=10)


@pytest.mark.parametrize("ttl", [0, 0.0, -1, -0.5])
def test_non_positive_ttl_is_rejected(ttl):
    with pytest.raises(ValueError):
        TTLCache(4, ttl=ttl)


def test_smallest_valid_configuration_is_accepted():
    cache = TTLCache(1, ttl=0.001)
    cache.put("k", "v", now=0)
    assert cache.get("k", now=0) == "v"


# --- get / put basics -----------------------------------------------------------------------


def test_get_missing_key_returns_default():
    cache = TTLCache(2, ttl=10)
    assert cache.get("absent", now=0) is None
    assert cache.get("absent", now=0, default=MISSING) is MISSING


def test_put_then_get_returns_value():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.get("a", now=2) == 1
    assert cache.get("b", now=2) == 2


def test_stored_none_and_falsy_values_are_not_confused_with_missing():
    cache = TTLCache(3, ttl=10)
    cache.put("none", None, now=0)
    cache.put("zero", 0, now=0)
    cache.put("empty", "", now=0)
    assert cache.get("none", now=1, default=MISSING) is None
    assert cache.get("zero", now=1, default=MISSING) == 0
    assert cache.get("empty", now=1, default=MISSING) == ""


def test_put_existing_key_replaces_value():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)
    cache.put("a", 2, now=1)
    assert cache.get("a", now=2) == 2
    assert cache.keys(now=2) == ["a"]


# --- expiry ---------------------------------------------------------------------------------


def test_entry_is_live_just_before_expiry():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=100)
    assert cache.get("a", now=109.999) == 1


def test_entry_expires_exactly_at_put_time_plus_ttl():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=100)
    assert cache.get("a", now=110, default=MISSING) is MISSING


def test_expired_get_drops_the_entry():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)
    assert cache.get("a", now=10) is None
    assert cache.purge(now=10) == 0


def test_reads_do_not_extend_lifetime():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)
    assert cache.get("a", now=5) == 1
    assert cache.get("a", now=9) == 1
    assert cache.get("a", now=10) is None


def test_writes_restart_lifetime():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)
    cache.put("a", 2, now=5)
    assert cache.get("a", now=14) == 2
    assert cache.get("a", now=15) is None


# --- LRU eviction ---------------------------------------------------------------------------


def test_inserting_into_full_cache_evicts_least_recently_written():
    cache = TTLCache(2, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    cache.put("c", 3, now=2)
    assert cache.get("a", now=3) is None
    assert cache.keys(now=3) == ["b", "c"]


def test_get_marks_entry_most_recently_used():
    cache = TTLCache(2, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.get("a", now=2) == 1
    cache.put("c", 3, now=3)
    assert cache.keys(now=4) == ["a", "c"]
    assert cache.get("b", now=4) is None


def test_put_existing_key_marks_it_most_recently_used():
    cache = TTLCache(2, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    cache.put("a", 10, now=2)
    assert cache.keys(now=2) == ["b", "a"]
    cache.put("c", 3, now=3)
    assert cache.keys(now=3) == ["a", "c"]


def test_updating_existing_key_in_full_cache_evicts_nothing():
    cache = TTLCache(2, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    cache.put("b", 20, now=2)
    assert cache.get("a", now=3) == 1
    assert cache.get("b", now=3) == 20


def test_capacity_one_keeps_only_latest_key():
    cache = TTLCache(1, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.get("a", now=2) is None
    assert cache.get("b", now=2) == 2


def test_expired_entries_are_dropped_before_evicting_a_live_one():
    cache = TTLCache(2, ttl=10)
    cache.put("a", 1, now=0)  # expires at 10
    cache.put("b", 2, now=5)  # expires at 15
    assert cache.get("a", now=6) == 1  # "b" is now least recently used
    cache.put("c", 3, now=12)  # "a" has expired: it goes, live "b" stays
    assert cache.get("b", now=12) == 2
    assert cache.get("c", now=12) == 3


def test_only_one_live_entry_is_evicted_when_nothing_expired():
    cache = TTLCache(3, ttl=100)
    for t, key in enumerate("abc"):
        cache.put(key, t, now=t)
    cache.put("d", 3, now=3)
    assert cache.keys(now=3) == ["b", "c", "d"]


# --- purge / keys ---------------------------------------------------------------------------


def test_purge_drops_only_expired_entries_and_counts_them():
    cache = TTLCache(4, ttl=10)
    cache.put("a", 1, now=0)  # expires at 10
    cache.put("b", 2, now=3)  # expires at 13
    cache.put("c", 3, now=8)  # expires at 18
    assert cache.purge(now=5) == 0
    assert cache.purge(now=13) == 2
    assert cache.keys(now=13) == ["c"]
    assert cache.purge(now=13) == 0


def test_keys_excludes_expired_entries_at_the_boundary():
    cache = TTLCache(3, ttl=10)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.keys(now=9.5) == ["a", "b"]
    assert cache.keys(now=10) == ["b"]
    assert cache.keys(now=11) == []


def test_keys_does_not_change_recency():
    cache = TTLCache(2, ttl=100)
    cache.put("a", 1, now=0)
    cache.put("b", 2, now=1)
    assert cache.keys(now=2) == ["a", "b"]
    assert cache.keys(now=2) == ["a", "b"]
    cache.put("c", 3, now=3)
    assert cache.keys(now=3) == ["b", "c"]


def test_keys_of_empty_cache():
    assert TTLCache(3, ttl=1).keys(now=0) == []


# --- differential -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_random_operations_match_reference_model(seed):
    rng = random.Random(9000 + seed)
    capacity = rng.randint(1, 4)
    ttl = rng.choice([1, 2, 5])
    cache = TTLCache(capacity, ttl)
    model = ReferenceCache(capacity, ttl)
    now = 0
    for step in range(400):
        now += rng.choice([0, 0, 1, 1, 2])
        key = rng.choice("abcdef")
        op = rng.random()
        if op < 0.45:
            got = cache.get(key, now, MISSING)
            assert got == model.get(key, now, MISSING), (seed, step)
        elif op < 0.9:
            cache.put(key, step, now)
            model.put(key, step, now)
        elif op < 0.95:
            assert cache.purge(now) == model.purge(now), (seed, step)
        assert cache.keys(now) == model.keys(now), (seed, step)
