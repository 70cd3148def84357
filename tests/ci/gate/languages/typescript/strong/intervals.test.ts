// node:test through require: the image has tsc but no @types/node.
declare const require: (name: string) => any;

const test = require('node:test');
const assert = require('node:assert/strict');

import { Interval, mergeIntervals } from '../solution/intervals';

// Oracle: mark every covered point on a small grid, then read the runs back.
function bruteForce(intervals: Interval[]): Interval[] {
  const covered = new Set<number>();
  for (const [start, end] of intervals) {
    for (let x = start; x <= end; x += 1) {
      covered.add(x);
    }
  }
  const points = [...covered].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (const x of points) {
    const last = out[out.length - 1];
    if (last !== undefined && x === last[1] + 1) {
      last[1] = x;
    } else {
      out.push([x, x]);
    }
  }
  return out;
}

test('empty input gives no intervals', () => {
  assert.deepEqual(mergeIntervals([]), []);
});

test('a single interval comes back unchanged', () => {
  assert.deepEqual(mergeIntervals([[3, 7]]), [[3, 7]]);
  assert.deepEqual(mergeIntervals([[4, 4]]), [[4, 4]]);
});

test('overlapping, nested and touching intervals merge', () => {
  assert.deepEqual(mergeIntervals([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]]);
  assert.deepEqual(mergeIntervals([[1, 10], [2, 3]]), [[1, 10]]);
  assert.deepEqual(mergeIntervals([[1, 4], [4, 5]]), [[1, 5]]);
});

test('a gap of one keeps intervals apart', () => {
  assert.deepEqual(mergeIntervals([[1, 2], [3, 4]]), [[1, 2], [3, 4]]);
  assert.deepEqual(mergeIntervals([[-5, -3], [-1, 0]]), [[-5, -3], [-1, 0]]);
});

test('unsorted input is sorted by start and not mutated', () => {
  const input: Interval[] = [[8, 9], [1, 2], [5, 6], [2, 3]];
  const copy = input.map((pair) => [...pair]);
  assert.deepEqual(mergeIntervals(input), [[1, 3], [5, 6], [8, 9]]);
  assert.deepEqual(input, copy);
});

test('an interval that ends before it starts is a RangeError', () => {
  assert.throws(() => mergeIntervals([[1, 2], [5, 4]]), RangeError);
});

test('agrees with a point-by-point oracle on pseudo-random inputs', () => {
  const points = (list: Interval[]): number[] => bruteForce(list).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 300; round += 1) {
    const intervals: Interval[] = [];
    for (let i = next(7); i > 0; i -= 1) {
      const start = next(30) - 10;
      intervals.push([start, start + next(6)]);
    }
    const got = mergeIntervals(intervals);
    for (let i = 1; i < got.length; i += 1) {
      assert.ok(got[i][0] > got[i - 1][1], 'merged intervals are sorted and disjoint');
    }
    assert.deepEqual(points(got), points(intervals));
    assert.ok(got.every(([a, b]) => intervals.some(([s]) => s === a) && intervals.some(([, e]) => e === b)));
  }
});
