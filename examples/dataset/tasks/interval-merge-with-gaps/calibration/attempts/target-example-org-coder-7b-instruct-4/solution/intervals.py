from typing import List, Tuple


def merge_with_gaps(intervals: List[Tuple[int, int]], max_gap: int) -> List[Tuple[int, int]]:
    if max_gap < 0:
        raise ValueError("negative max_gap")
    for start, end in intervals:
        if start > end:
            raise ValueError("start > end")

    result: List[Tuple[int, int]] = []
    prev_end = None
    for start, end in sorted(intervals):
        if result and start - prev_end <= max_gap:
            first, last = result[-1]
            result[-1] = (first, max(last, end))
        else:
            result.append((start, end))
        prev_end = end
    return result
