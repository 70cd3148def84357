'use strict';

function topKFrequent(tokens, k) {
  if (!Array.isArray(tokens)) throw new TypeError('tokens must be an array');
  if (!Number.isInteger(k) || k < 0) throw new RangeError('invalid k');

  const freq = new Map();
  tokens.forEach((t) => {
    if (typeof t !== 'string') throw new TypeError('non-string token');
    freq.set(t, (freq.get(t) || 0) + 1);
  });

  const collator = new Intl.Collator('en', { sensitivity: 'variant' });
  const sorted = Array.from(freq, ([token, count]) => [token, count]);
  sorted.sort((x, y) => (y[1] - x[1]) || collator.compare(x[0], y[0]));
  return sorted.slice(0, k);
}

module.exports = { topKFrequent };
