'use strict';

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) {
    throw new TypeError('tokens must be an array');
  }
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
    throw new RangeError('k must be a non-negative integer');
  }
  const counts = new Map();
  for (const token of tokens) {
    if (typeof token !== 'string') {
      throw new TypeError('every token must be a string');
    }
    counts.set(token, (counts.get(token) || 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, k);
}

module.exports = { topKFrequent };
