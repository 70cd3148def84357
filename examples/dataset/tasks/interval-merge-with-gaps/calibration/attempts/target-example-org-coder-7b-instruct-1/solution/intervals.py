def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    if max_gap < 0:
        raise ValueError("max_gap must be non-negative")
    for start, end in intervals:
        if start > end:
            raise ValueError(f"invalid interval ({start}, {end})")

    ordered = sorted((start, end) for start, end in intervals)
    merged: list[tuple[int, int]] = []
    for start, end in ordered:
        if merged and start - merged[-1][1] <= max_gap:
            group_start, group_end = merged[-1]
            merged[-1] = (group_start, max(group_end, end))
        else:
            merged.append((start, end))
    return merged
