'use strict';

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) {
    throw new TypeError('topKFrequent: tokens must be an array');
  }
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError('topKFrequent: k must be a non-negative integer');
  }
  const counts = new Map();
  for (let i = 0; i < tokens.length; i++) {
    if (typeof tokens[i] !== 'string') {
      throw new TypeError(`topKFrequent: tokens[${i}] is not a string`);
    }
    counts.set(tokens[i], (counts.get(tokens[i]) || 0) + 1);
  }
  const pairs = Array.from(counts.entries());
  pairs.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  return pairs.slice(0, k);
}

module.exports = { topKFrequent };
