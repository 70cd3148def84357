// taskgate's guard for Node test runs: preloaded into every Node process of the run
// (NODE_OPTIONS=--require /task/.taskgate/js/taskgate_guard.js), so it runs before any test file
// and before any candidate code.
//
// A test file holds `assert` (and node:test's functions) as module objects and looks their
// methods up at call time: a candidate that replaces `assert.deepStrictEqual` with a function
// that does nothing makes every assertion pass. Node's own checks use the primordials captured
// at start-up, so the exported objects are the only surface: they are frozen here. A candidate's
// assignment then throws in strict code (its test fails) or is ignored in sloppy code (the real
// assertion runs); either way the reward is the honest one.
//
// Runs INSIDE the sandbox. Nothing here may throw: a Node without one of these modules simply
// has nothing to freeze.
'use strict';

(function guard() {
  const names = ['assert', 'assert/strict', 'node:test'];
  const seen = new Set();
  function freeze(value, depth) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) {
      return;
    }
    seen.add(value);
    Object.freeze(value);
    if (depth === 0) {
      return;
    }
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      // Accessors (node:test's lazy `mock`) stay as they are: reading them here would
      // create what the tests should create themselves.
      if (desc && 'value' in desc && key !== 'prototype') {
        freeze(desc.value, depth - 1);
      }
    }
  }
  for (const name of names) {
    let exported;
    try {
      exported = require(name);
    } catch (err) {
      continue; // e.g. node:test before Node 18
    }
    // The module object and the functions and namespaces it exports (assert.strict, test.skip).
    freeze(exported, 2);
  }
})();
