"""A least-recently-used cache whose entries also expire after a fixed time-to-live.

The caller passes the current time explicitly (`now`, in seconds, non-decreasing across
calls), which keeps the cache deterministic and easy to test.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class TTLCache:
    """LRU cache with per-entry expiry.

    An entry written at time `t` expires at `t + ttl`: it is live while `now < t + ttl` and
    gone from `now >= t + ttl` on. Reads do not extend the lifetime; writes do.
    """

    def __init__(self, capacity: int, ttl: float) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        self._capacity = capacity
        self._ttl = ttl
        # key -> (value, expires_at); order is least- to most-recently used.
        self._entries: OrderedDict[Hashable, tuple[Any, float]] = OrderedDict()

    def get(self, key: Hashable, now: float, default: Any = None) -> Any:
        """The live value of `key` (now most recently used), else `default`."""
        entry = self._entries.get(key)
        if entry is None:
            return default
        value, expires_at = entry
        if now >= expires_at:
            del self._entries[key]
            return default
        self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any, now: float) -> None:
        """Store `value` under `key`, live until `now + ttl`, as the most recently used entry.

        Inserting a new key into a full cache first drops every expired entry and, if the
        cache is still full, evicts the least recently used one.
        """
        if key in self._entries:
            self._entries.move_to_end(key)
        elif len(self._entries) >= self._capacity:
            self.purge(now)
            if len(self._entries) >= self._capacity:
                self._entries.popitem(last=False)
        self._entries[key] = (value, now + self._ttl)

    def purge(self, now: float) -> int:
        """Drop every expired entry; return how many were dropped."""
        expired = [key for key, (_, expires_at) in self._entries.items() if now >= expires_at]
        for key in expired:
            del self._entries[key]
        return len(expired)

    def keys(self, now: float) -> list[Hashable]:
        """Live keys from least to most recently used. Does not change recency."""
        return [key for key, (_, expires_at) in self._entries.items() if now < expires_at]
