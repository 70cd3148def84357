"""Merge closed integer intervals whose gaps are at most a tolerance."""

from __future__ import annotations


def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    """Merge `[start, end]` intervals separated by at most `max_gap`, sorted by start."""
    if max_gap < 0:
        raise ValueError(f"max_gap must be non-negative, got {max_gap}")
    pairs = [(start, end) for start, end in intervals]
    for start, end in pairs:
        if start > end:
            raise ValueError(f"interval has start > end: ({start}, {end})")

    merged: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if merged and start - merged[-1][1] <= max_gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
