def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    if max_gap < 0:
        raise ValueError("max_gap must be >= 0")
    if any(s > e for s, e in intervals):
        raise ValueError("interval start must not exceed its end")
    if not intervals:
        return []

    items = sorted(intervals, key=lambda iv: iv[0])
    result = [tuple(items[0])]
    for start, end in items[1:]:
        last_start, last_end = result[-1]
        if start - last_end <= max_gap:
            # extend the current group up to this interval
            result[-1] = (last_start, end)
        else:
            result.append((start, end))
    return result
