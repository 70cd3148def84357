'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { mergeIntervals } = require('../solution/intervals.js');

// Only the shape of the answer is checked: an array of [number, number] pairs, never longer than the input.
function isPairList(value) {
  return Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isInteger));
}

test('returns an array', () => {
  assert.ok(Array.isArray(mergeIntervals([])));
});

test('returns pairs of integers', () => {
  assert.ok(isPairList(mergeIntervals([[1, 3], [2, 6]])));
});

test('never returns more intervals than it was given', () => {
  assert.ok(mergeIntervals([[1, 3], [2, 6], [8, 10]]).length <= 3);
});

test('handles negative numbers', () => {
  assert.ok(isPairList(mergeIntervals([[-5, -3], [-1, 0]])));
});

test('handles a single interval', () => {
  assert.equal(mergeIntervals([[4, 4]]).length, 1);
});
