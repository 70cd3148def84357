// The reward function: every test must pass on the ground truth and fail on wrong answers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../solution/solution.ts';

test('empty input', () => assert.equal(solve([]), 0));
test('single value', () => assert.equal(solve([7]), 7));
test('negative values', () => assert.equal(solve([-3, 1, -2]), -4));
