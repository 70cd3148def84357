def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    if max_gap < 0:
        raise ValueError("max_gap must be non-negative")
    if any(start > end for start, end in intervals):
        raise ValueError("every interval needs start <= end")
    merged: list[tuple[int, int]] = []
    group_start = group_end = 0
    for start, end in sorted((s, e) for s, e in intervals):
        if merged and start - group_end <= max_gap:
            group_end = max(group_end, end)
            merged[-1] = (group_start, group_end)
        else:
            group_start, group_end = start, end
            merged.append((start, end))
    return merged
