'use strict';

const byCountThenCodeUnits = (a, b) => {
  if (a[1] !== b[1]) return b[1] - a[1];
  if (a[0] === b[0]) return 0;
  return a[0] < b[0] ? -1 : 1;
};

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) throw new TypeError('tokens must be an array');
  if (!Number.isInteger(k) || k < 0) throw new RangeError('k must be a non-negative integer');
  const counts = new Map();
  for (const t of tokens) {
    if (typeof t !== 'string') throw new TypeError('tokens must be strings');
    counts.set(t, (counts.get(t) || 0) + 1);
  }
  return Array.from(counts).sort(byCountThenCodeUnits).slice(0, k);
}

module.exports = { topKFrequent };
