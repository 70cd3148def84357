from __future__ import annotations


def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    if max_gap < 0:
        raise ValueError(f"max_gap must be >= 0 (got {max_gap})")
    ordered = sorted(tuple(iv) for iv in intervals)
    for start, end in ordered:
        if start > end:
            raise ValueError(f"bad interval ({start}, {end}): start > end")
    result: list[tuple[int, int]] = []
    for start, end in ordered:
        if result:
            last_start, last_end = result[-1]
            if start - last_end <= max_gap:
                result[-1] = (last_start, max(last_end, end))
                continue
        result.append((start, end))
    return result
