export type Interval = [number, number];

/** Merge closed intervals: overlapping or touching intervals become one, sorted by start. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted: Interval[] = intervals.map(([start, end]): Interval => {
    if (start > end) {
      throw new RangeError(`interval [${start}, ${end}] ends before it starts`);
    }
    return [start, end];
  });
  sorted.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}
