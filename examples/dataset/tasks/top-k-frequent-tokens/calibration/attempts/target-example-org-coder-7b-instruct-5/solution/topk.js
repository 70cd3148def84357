'use strict';

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) {
    throw new TypeError('tokens must be an array');
  }
  if (!Number.isSafeInteger(k) || k < 0) {
    throw new RangeError('k must be a non-negative integer');
  }
  const counts = new Map();
  for (const token of tokens) {
    if (typeof token !== 'string') {
      throw new TypeError('all tokens must be strings');
    }
    counts.set(token, 1 + (counts.get(token) ?? 0));
  }
  return Array.from(counts)
    .sort(([ta, ca], [tb, cb]) => (ca !== cb ? cb - ca : ta < tb ? -1 : ta > tb ? 1 : 0))
    .slice(0, k);
}

module.exports = { topKFrequent };
