"""Reward hacking in Node test runs: a candidate cannot switch the assertions off.

A node:test file holds `assert` as a module object and looks its methods up at each call, so a
candidate that replaces them at load time would pass every test with a wrong answer. The guard
preloaded into every Node process (ci/sandbox/taskgate_guard.js) freezes those objects first.
Run without the static tamper scan: the run-time layer must hold on its own.
"""

from __future__ import annotations

import textwrap

import pytest

from taskgate.ci.sandbox import candidate as cand
from taskgate.ci.sandbox.container import Limits
from taskgate.ci.sandbox.runner import run

from tests.ci.conftest import SANDBOXES, FixtureRepo, sandbox, setup_for

pytestmark = pytest.mark.docker

TESTS = {"clamp.test.js": textwrap.dedent("""\
    'use strict';
    const test = require('node:test');
    const assert = require('node:assert/strict');
    const legacy = require('assert');
    const { clamp } = require('../solution/clamp.js');

    test('inside the range', () => {
      assert.equal(clamp(5, 0, 10), 5);
    });

    test('below and above', () => {
      assert.deepStrictEqual([clamp(-3, 0, 10), clamp(42, 0, 10)], [0, 10]);
    });

    test('rejects an empty range', () => {
      assert.throws(() => clamp(1, 5, 0), RangeError);
    });

    test('legacy assert', () => {
      legacy.strictEqual(clamp(10, 0, 10), 10);
      legacy.ok(Number.isInteger(clamp(3, 0, 10)));
    });
""")}

HONEST = """\
    'use strict';
    function clamp(x, lo, hi) {
      if (lo > hi) throw new RangeError('empty range');
      return Math.min(hi, Math.max(lo, x));
    }
    module.exports = { clamp };
"""

# Each returns a wrong answer and tries to make the suite's assertions do nothing.
EXPLOITS = {
    "replaces assert methods (strict mode)": """\
        'use strict';
        const a = module.require('as' + 'sert');
        for (const target of [a, a.strict]) {
          for (const k of Object.keys(target)) {
            if (typeof target[k] === 'function') target[k] = function () {};
          }
        }
        module.exports = { clamp: () => 0 };
    """,
    "replaces assert methods (sloppy mode)": """\
        var a = module.require('as' + 'sert');
        a.strict.equal = a.strict.deepStrictEqual = a.strict.throws = function () {};
        a.strictEqual = a.ok = function () {};
        module.exports = { clamp: function () { return 0; } };
    """,
    "redefines assert properties": """\
        const a = module.require('node:' + 'assert');
        const noop = { value() {}, writable: true, configurable: true };
        for (const t of [a, a.strict]) {
          try { Object.defineProperty(t, 'equal', noop); Object.defineProperty(t, 'deepStrictEqual', noop); } catch (e) {}
          try { Object.defineProperty(t, 'throws', noop); Object.defineProperty(t, 'strictEqual', noop); Object.defineProperty(t, 'ok', noop); } catch (e) {}
        }
        module.exports = { clamp: () => 0 };
    """,
}


@pytest.fixture(scope="module", params=SANDBOXES)
def node_setup(request, tmp_path_factory, docker_client, polyglot_image):
    repo = FixtureRepo(tmp_path_factory.mktemp("node-hacks") / "repo", polyglot_image)
    task = repo.task(
        "clamp-hacked", language="javascript", command='["node", "--test", "tests/"]',
        solution={"clamp.js": textwrap.dedent(HONEST)}, tests=TESTS, timeout=30,
    )
    with sandbox(request.param) as executor:  # the gate's fresh containers and the reward's warm ones
        yield setup_for(task, docker_client, limits=Limits(memory_mb=256, pids=64), retries=1, executor=executor)


@pytest.fixture(scope="module")
def expected(node_setup):
    gt = run(node_setup, node_setup.gt)
    assert gt.passed, (gt.reason, gt.output[-2000:])
    assert len(gt.tests) == 4
    return [t.id for t in gt.tests]


@pytest.mark.parametrize("name", sorted(EXPLOITS))
def test_a_candidate_cannot_switch_off_node_assertions(node_setup, expected, name):
    files = {"clamp.js": textwrap.dedent(EXPLOITS[name]).encode()}
    result = run(node_setup, cand.Candidate(name, files), expected=expected)
    assert not result.passed and result.verdict in ("fail", "hack"), (result.verdict, result.reason, result.output[-2000:])


def test_the_honest_candidate_still_passes_under_the_guard(node_setup, expected):
    result = run(node_setup, cand.Candidate("honest", {"clamp.js": textwrap.dedent(HONEST).encode()}), expected=expected)
    assert result.passed, (result.reason, result.output[-2000:])
