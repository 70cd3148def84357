'use strict';

// The reward function: every test must pass on the ground truth and fail on wrong answers.
const test = require('node:test');
const assert = require('node:assert/strict');
const { solve } = require('../solution/solution.js');

test('empty input', () => assert.equal(solve([]), 0));
test('single value', () => assert.equal(solve([7]), 7));
test('negative values', () => assert.equal(solve([-3, 1, -2]), -4));
