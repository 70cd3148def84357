def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    """Merge closed intervals whose gaps are at most `max_gap`."""
    if max_gap < 0:
        raise ValueError(f"max_gap must be non-negative, got {max_gap}")
    pairs = []
    for start, end in intervals:
        if start > end:
            raise ValueError(f"start > end in ({start}, {end})")
        pairs.append((start, end))
    pairs.sort()

    out: list[tuple[int, int]] = []
    for start, end in pairs:
        if out and start - out[-1][1] <= max_gap:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
