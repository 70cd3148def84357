def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    """Merge closed integer intervals separated by gaps of at most `max_gap`.

    The gap between [a0, a1] and [b0, b1] with a0 <= b0 is b0 - a1; it is measured from the
    running end of the merged group, so nested intervals never shrink it.
    """
    if max_gap < 0:
        raise ValueError(f"max_gap must be non-negative, got {max_gap}")
    pairs = [(int(s), int(e)) for s, e in intervals]
    for s, e in pairs:
        if s > e:
            raise ValueError(f"interval ({s}, {e}) has start > end")

    merged: list[tuple[int, int]] = []
    for s, e in sorted(pairs):
        if merged and s - merged[-1][1] <= max_gap:
            ms, me = merged[-1]
            if e > me:
                merged[-1] = (ms, e)
        else:
            merged.append((s, e))
    return merged
