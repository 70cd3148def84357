def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    if max_gap < 0:
        raise ValueError("max_gap must be non-negative")
    normalized = []
    for start, end in intervals:
        if start > end:
            raise ValueError(f"interval ({start}, {end}) has start > end")
        normalized.append((start, end))
    normalized.sort(key=lambda pair: pair[0])

    groups: list[tuple[int, int]] = []
    cur_start = cur_end = None
    for start, end in normalized:
        if cur_start is None:
            cur_start, cur_end = start, end
        elif start - cur_end <= max_gap:
            cur_end = max(cur_end, end)
        else:
            groups.append((cur_start, cur_end))
            cur_start, cur_end = start, end
    if cur_start is not None:
        groups.append((cur_start, cur_end))
    return groups
