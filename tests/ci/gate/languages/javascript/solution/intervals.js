'use strict';

/**
 * Merge closed integer intervals: overlapping or touching intervals become one.
 *
 * @param {Array<[number, number]>} intervals
 * @returns {Array<[number, number]>} sorted by start, pairwise disjoint
 */
function mergeIntervals(intervals) {
  const sorted = intervals.map(([start, end]) => {
    if (start > end) {
      throw new RangeError(`interval [${start}, ${end}] ends before it starts`);
    }
    return [start, end];
  });
  sorted.sort((a, b) => a[0] - b[0]);
  const merged = [];
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

module.exports = { mergeIntervals };
