'use strict';

function compareTokens(a, b) {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) {
    throw new TypeError(`tokens must be an array, got ${typeof tokens}`);
  }
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
    throw new RangeError(`k must be a non-negative integer, got ${String(k)}`);
  }
  const counts = new Map();
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (typeof token !== 'string') {
      throw new TypeError(`tokens[${i}] is not a string`);
    }
    counts.set(token, (counts.get(token) || 0) + 1);
  }
  const entries = Array.from(counts.entries());
  entries.sort((a, b) => b[1] - a[1] || compareTokens(a[0], b[0]));
  return entries.slice(0, k);
}

module.exports = { topKFrequent };
