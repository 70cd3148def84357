'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { topKFrequent } = require('../solution/topk.js');

// Deterministic PRNG (mulberry32) so the randomized test is reproducible.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Oracle: quadratic counting, full sort, no Map.
function bruteForce(tokens, k) {
  const distinct = [];
  for (const token of tokens) {
    if (!distinct.includes(token)) {
      distinct.push(token);
    }
  }
  const rows = distinct.map((token) => [token, tokens.filter((t) => t === token).length]);
  rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return rows.slice(0, k);
}

test('examples from the prompt', () => {
  assert.deepEqual(topKFrequent(['b', 'a', 'b', 'c', 'a', 'b'], 2), [['b', 3], ['a', 2]]);
  assert.deepEqual(topKFrequent(['x', 'y', 'z'], 2), [['x', 1], ['y', 1]]);
});

test('empty input returns an empty array', () => {
  assert.deepEqual(topKFrequent([], 3), []);
  assert.deepEqual(topKFrequent([], 0), []);
});

test('k = 0 returns an empty array', () => {
  assert.deepEqual(topKFrequent(['a', 'a', 'b'], 0), []);
});

test('k larger than the number of distinct tokens returns all of them', () => {
  assert.deepEqual(topKFrequent(['a', 'b', 'a'], 10), [['a', 2], ['b', 1]]);
});

test('k equal to the number of distinct tokens returns all of them', () => {
  assert.deepEqual(topKFrequent(['c', 'b', 'a'], 3), [['a', 1], ['b', 1], ['c', 1]]);
});

test('ties are broken by ascending code-unit order, not by first appearance', () => {
  assert.deepEqual(topKFrequent(['pear', 'apple', 'pear', 'apple', 'fig'], 2), [
    ['apple', 2],
    ['pear', 2],
  ]);
});

test('tie-breaking is case-sensitive code-unit order, not locale order', () => {
  // 'B' (0x42) < 'a' (0x61) < 'b' (0x62); localeCompare would give a, B, b.
  assert.deepEqual(topKFrequent(['b', 'a', 'B'], 3), [['B', 1], ['a', 1], ['b', 1]]);
  // '\u00e9' (é) sorts after 'z' by code unit.
  assert.deepEqual(topKFrequent(['\u00e9', 'z', 'e'], 3), [['e', 1], ['z', 1], ['\u00e9', 1]]);
});

test('counts are ordered numerically, not as strings', () => {
  const tokens = [];
  for (let i = 0; i < 10; i += 1) tokens.push('ten');
  for (let i = 0; i < 9; i += 1) tokens.push('nine');
  tokens.push('one');
  assert.deepEqual(topKFrequent(tokens, 3), [['ten', 10], ['nine', 9], ['one', 1]]);
});

test('a higher count wins over an earlier tie-break position', () => {
  assert.deepEqual(topKFrequent(['a', 'z', 'z'], 1), [['z', 2]]);
});

test('prototype property names are ordinary tokens', () => {
  const tokens = ['__proto__', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'constructor', '__proto__'];
  assert.deepEqual(topKFrequent(tokens, 4), [
    ['__proto__', 3],
    ['constructor', 2],
    ['hasOwnProperty', 1],
    ['toString', 1],
  ]);
});

test('the empty string is a valid token', () => {
  assert.deepEqual(topKFrequent(['', 'a', ''], 2), [['', 2], ['a', 1]]);
});

test('numeric-looking tokens keep their string identity and order', () => {
  assert.deepEqual(topKFrequent(['10', '9', '10', '9', '1'], 3), [['10', 2], ['9', 2], ['1', 1]]);
});

test('the input array is not mutated', () => {
  const tokens = ['b', 'a', 'b'];
  const copy = tokens.slice();
  topKFrequent(tokens, 2);
  assert.deepEqual(tokens, copy);
});

test('each result entry is a [token, count] pair', () => {
  const result = topKFrequent(['a', 'b', 'a'], 2);
  assert.ok(Array.isArray(result));
  for (const pair of result) {
    assert.ok(Array.isArray(pair));
    assert.equal(pair.length, 2);
  }
});

test('invalid k throws RangeError', () => {
  for (const k of [-1, 1.5, NaN, Infinity, '2', null, undefined]) {
    assert.throws(() => topKFrequent(['a'], k), RangeError, `k = ${String(k)}`);
  }
});

test('non-array tokens throw TypeError', () => {
  for (const tokens of ['abc', null, undefined, { length: 1, 0: 'a' }, new Set(['a'])]) {
    assert.throws(() => topKFrequent(tokens, 1), TypeError);
  }
});

test('non-string elements throw TypeError', () => {
  assert.throws(() => topKFrequent(['a', 1], 1), TypeError);
  assert.throws(() => topKFrequent([null], 1), TypeError);
  assert.throws(() => topKFrequent(['a', undefined], 1), TypeError);
});

test('randomized differential test against a brute-force oracle', () => {
  const rand = mulberry32(0xc0ffee);
  const alphabet = ['a', 'b', 'c', 'A', 'aa', '', '__proto__', 'constructor', '\u00e9'];
  for (let round = 0; round < 500; round += 1) {
    const n = Math.floor(rand() * 30);
    const tokens = [];
    for (let i = 0; i < n; i += 1) {
      tokens.push(alphabet[Math.floor(rand() * alphabet.length)]);
    }
    const k = Math.floor(rand() * (alphabet.length + 2));
    assert.deepEqual(topKFrequent(tokens, k), bruteForce(tokens, k), JSON.stringify({ tokens, k }));
  }
});

test('large input completes quickly', () => {
  const rand = mulberry32(42);
  const tokens = [];
  for (let i = 0; i < 200000; i += 1) {
    tokens.push(`t${Math.floor(rand() * 5000)}`);
  }
  const result = topKFrequent(tokens, 50);
  assert.equal(result.length, 50);
  for (let i = 1; i < result.length; i += 1) {
    const [prevToken, prevCount] = result[i - 1];
    const [token, count] = result[i];
    assert.ok(prevCount > count || (prevCount === count && prevToken < token));
  }
});
