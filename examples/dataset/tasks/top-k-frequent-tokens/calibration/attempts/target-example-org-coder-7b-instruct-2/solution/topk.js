'use strict';

/**
 * @param {string[]} tokens
 * @param {number} k
 * @returns {Array<[string, number]>}
 */
function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) {
    throw new TypeError('tokens must be an array of strings');
  }
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError('k must be a non-negative integer');
  }
  const counts = new Map();
  for (const token of tokens) {
    if (typeof token !== 'string') {
      throw new TypeError('tokens must contain only strings');
    }
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const entries = [...counts];
  entries.sort((a, b) => {
    if (a[1] !== b[1]) return b[1] - a[1];
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  return entries.slice(0, k);
}

module.exports = { topKFrequent };
