"""Rules only the Docker jobs in ci/ emit: declarations only, one place for all of them.

`taskgate gate` (RUN), `taskgate build` / `verify-build` (BLD) and `taskgate verify-calibration`
(CAL011) need a Docker engine, so no pre-commit hook emits them. They are declared here, in
hooks/, because waivers, `taskgate rules` and docs/rules.md must know every code and hooks/ never
imports ci/; each rule's `hook` names the ci/ command that emits it.
"""

from __future__ import annotations

from taskgate.hooks.core.registry import rule

_GATE = {"hook": "gate", "stages": ("merge",)}

GT_FAILS = rule(
    "RUN001", "gt-fails-own-tests", category="reward", **_GATE,
    summary="The ground truth fails (or errors in) a test of its own reward suite.",
    rationale="""The tests are the reward function: the model is rewarded when they pass. If the
    reference solution does not pass them, either the solution or the tests are wrong, and a
    correct answer would be penalised.""",
    fix="""Run `taskgate test tasks/<id>` and read the failing test's message; fix the solution or the
    test. The finding points at the failing test.""",
)
TOO_FEW_TESTS = rule(
    "RUN002", "too-few-tests", category="reward", **_GATE,
    summary="Fewer tests ran than the configured minimum (default 5); zero collected is a failure.",
    rationale="""A reward suite of one or two tests is easy to pass with a wrong answer, and a suite
    that collects nothing (a bad path, an import error) passes every candidate with many runners.""",
    fix="""Cover the prompt's edge cases with more tests, or fix the test_command so the tests are
    collected. `gate: min_tests:` in taskgate.yaml sets the minimum.""",
)
SKIPPED_TEST = rule(
    "RUN003", "skipped-reward-test", category="reward", **_GATE,
    summary="A test of the reward suite is skipped, xfail or todo.",
    rationale="""A skipped test rewards nothing and an xfail test inverts its meaning; either way the
    reward function is not the suite the reviewer read.""",
    fix="Delete the skip/xfail marker (fix what it hid) or delete the test.",
    limits="An xfail test that passes (XPASS) is found through taskgate's pytest plugin; other runners report only skips and todos.",
)
STUB_PASSES = rule(
    "RUN004", "stub-passes", category="reward", **_GATE,
    summary="A stub candidate passes every test: the suite cannot tell a solution from no solution.",
    rationale="""The gate runs the suite on the ground truth with every function failing when called
    (Python: bodies replaced by `raise NotImplementedError`; JavaScript/TypeScript `throw`, Java
    `throw`, Go `panic`, Rust `panic!`, C++ `throw`, C `__builtin_trap()` as each body's first
    statement), and on an empty solution/. A reward function that such a stub passes rewards
    doing nothing.""",
    fix="""Add tests that call the solution and check its results; make sure the tests import the
    code under solution/ rather than a copy of it.""",
)
NONDETERMINISTIC = rule(
    "RUN005", "nondeterministic-test", category="reward", **_GATE,
    summary="A test's outcome differs between runs of the ground truth under varied conditions.",
    rationale="""The suite runs K times (default 3) with a different PYTHONHASHSEED, time zone, clock
    (libfaketime, the image's or the host's, in any glibc image) and test order (pytest, `go test`
    and JUnit 5 shuffled; Rust's libtest one test at a time; node:test and plain test programs as
    written). A reward that flips between runs teaches noise: the same answer is rewarded once and
    penalised the next time.""",
    fix="""Seed every random generator, pass times explicitly instead of reading the clock, do not
    depend on set or dict-of-set ordering, and make tests independent of each other's order.""",
    limits="""Flakiness that none of the varied conditions triggers (a race, a rare random seed) can
    pass K runs; raise `gate: reruns:` for suspicious tasks.""",
)
MUTATION_LOW = rule(
    "RUN006", "mutation-score-low", category="reward", **_GATE,
    summary="The suite kills too few mutants of the ground truth (below the gate threshold, default 0.6).",
    rationale="""Each mutant is the ground truth with one small bug (a flipped comparison, an
    off-by-one, a deleted statement). A mutant that passes every test is a wrong answer the reward
    function would pay for.""",
    fix="""Read the surviving mutants (RUN008) and add tests that fail on them. A mutant that cannot
    be told apart from the original (an equivalent mutant) is waived with
    `# taskgate: ignore[RUN008] <why it is equivalent>` on its line and leaves the score.""",
)
MUTATION_WEAK = rule(
    "RUN007", "mutation-score-weak", category="reward", severity="warning", **_GATE,
    summary="The mutation score passes the gate but is below the warning level (default 0.8).",
    rationale="A suite between the thresholds lets a noticeable share of one-token bugs through.",
    fix="Kill more of the surviving mutants (RUN008), or waive the equivalent ones.",
)
SURVIVING_MUTANT = rule(
    "RUN008", "surviving-mutant", category="reward", severity="warning", **_GATE,
    summary="A mutant of the ground truth passes every test.",
    rationale="""Reported one per mutant at its line, so equivalent mutants can be waived where they
    are; every unwaived survivor counts against the mutation score (RUN006, RUN007).""",
    fix="""Add a test that fails on this change (for Python the message names an input on which the
    mutant and the ground truth differ), or, when the mutant behaves exactly like the ground
    truth, waive it on that line: `# taskgate: ignore[RUN008] equivalent: <why>`.""",
    limits="""Mutants are made from the ground truth of every task language (Python with `ast`, the others
    from tree-sitter trees); at most `gate: mutation: max_mutants:` are run, sampled evenly. A
    mutant of a compiled language that does not compile is left out of the score. A survivor that
    agrees with the ground truth on every input differential testing generates (docs/difftest.md)
    is reported as likely equivalent instead, not as RUN008.""",
)
META_SURVIVES = rule(
    "RUN009", "meta-mutant-survives", category="reward", **_GATE,
    summary="The ground-truth test suite of a `testing` task passes on one of its meta mutants.",
    rationale="""For test-writing tasks the mutants are the meta-tests: a candidate suite is rewarded
    for killing them. If the reference suite cannot kill one, the mutant is not a bug the prompt
    asks to catch, or the reference suite is too weak.""",
    fix="Add a test to solution/ that fails on this mutant, or rewrite the mutant so it is a real bug.",
)
META_INVALID = rule(
    "RUN010", "meta-mutant-invalid", category="reward", **_GATE,
    summary="A meta/mutants/*.patch does not apply to subject/ with `patch -p1`, or changes nothing.",
    rationale="A mutant that is not applied is never run, so it proves nothing about any suite.",
    fix="Regenerate the patch from the task directory: `diff -u subject/x.py mutated/x.py` with a/ b/ prefixes naming subject/.",
)
RUN_INFRA = rule(
    "RUN011", "reward-run-infra-failure", category="reward", **_GATE,
    summary="The reward function could not be run to the end (timeout, OOM kill, engine error).",
    rationale="""Nothing can be said about a reward function that does not finish in its sandbox. These
    are reported as infrastructure failures, never as test failures, after bounded retries.""",
    fix="""A timeout: make the suite faster or raise timeout_seconds in task.yaml. An OOM kill: use
    less memory or raise `gate: limits: memory_mb:`. An image that does not build is BLD001 at the
    failing instruction, as `taskgate build` reports it.""",
)
EARLY_EXIT_PASSES = rule(
    "RUN012", "early-exit-passes", category="reward", **_GATE,
    summary="A candidate that exits with status 0 as soon as it is imported is rewarded.",
    rationale="""`sys.exit(0)` or `os._exit(0)` from the solution ends the test process before any
    assertion. If the reward is read from the exit status alone, the model learns to exit.""",
    fix="""Use a test command taskgate can read per-test results from (pytest, `node --test`) rather
    than a wrapper script, so tests that never ran count as failures.""",
)
NO_REPORT = rule(
    "RUN013", "no-per-test-report", category="reward", severity="warning", **_GATE,
    summary="taskgate cannot get per-test results from this test_command; only its exit status counts.",
    rationale="""Without per-test results the gate cannot count tests, find skipped ones, name the
    tests that flip between runs or notice tests that never ran.""",
    fix="Run the tests with pytest (`python3 -m pytest ... tests`) or `node --test tests/` directly.",
)
EXPLOIT_REWARDED = rule(
    "RUN014", "exploit-rewarded", category="reward", **_GATE,
    summary="A generic reward-hacking candidate (always-equal return values, an exit inside the call, frame peeking) passes the suite.",
    rationale="""An RL policy optimises the reward, not the task: if returning an object that equals
    everything passes every test, it learns that instead of the solution. The gate generates these
    candidates from the ground truth's functions and their declared return types (see
    docs/sandbox.md) and the suite must fail every one.""",
    fix="""Harden the assertions the finding names: compare exact types (`assert type(r) is list`),
    normalise before comparing (`assert list(r) == expected`, `assert int(r) == 3`), also assert that a
    wrong value is unequal, and check `is None` rather than `== None`.""",
    limits="""Python ground truths only (in JavaScript/TypeScript equality cannot be overridden, and the
    exit-on-import candidate is RUN012). The candidates replace every public function and method at
    once, so a suite that only fails one of them through another function still holds.""",
)

WRONG_ATTEMPT_REWARDED = rule(
    "RUN020", "wrong-attempt-rewarded", category="reward", **_GATE,
    summary="A recorded model attempt passes every test but differs from the ground truth on a generated input.",
    rationale="""Calibration attempts are real answers the models give. One that the suite rewards
    while it computes something else than the ground truth is a wrong answer the reward function
    pays for: in training the policy learns it.""",
    fix="""Add a test for the input the message names (it is shrunk to a small one), with the
    ground truth's result as the expectation; then re-run `taskgate calibrate` (the attempt will
    fail, and the record must say so).""",
    limits="""Python tasks with a function or class signature; inputs come from the signature's
    annotations refined by `difftest:` in task.yaml (docs/difftest.md). Only attempts recorded in
    calibration.json are compared.""",
)
ATTEMPT_AGREES_BUT_FAILS = rule(
    "RUN021", "correct-attempt-fails", category="reward", severity="warning", **_GATE,
    summary="A reference attempt agrees with the ground truth on every generated input but fails the suite.",
    rationale="""A strong model's answer that behaves like the ground truth wherever it was probed,
    yet fails the tests, suggests the tests demand something the prompt may not state (an exact
    error message, an output format, an import path): the suite is over-strict or misaligned.""",
    fix="""Read the failing test of that attempt (`taskgate test TASK --candidate <attempt dir>`) and
    either state the requirement in prompt.md or relax the test.""",
    limits="""Agreement is on generated inputs only; the attempt may still differ elsewhere (then
    the failure is right). Python tasks only.""",
)

# `taskgate build` / `taskgate verify-build` (ci/images/verify.py).
_DYNAMIC = "Reported by `taskgate build` / `taskgate verify-build` (needs a Docker engine), never by the pre-commit hook."

BUILD_FAILED = rule(
    "BLD001", "build-failed", hook="build", category="reproducibility",
    summary="The task's image does not build.",
    stages=("merge",),
    rationale="A task whose environment cannot be built cannot be run, calibrated or trained on.",
    fix="Run `taskgate build TASK` and fix the step named by the finding (its line is the failing instruction).",
    limits=_DYNAMIC,
)
NOT_REPRODUCIBLE = rule(
    "BLD002", "environment-not-reproducible", hook="build", category="reproducibility",
    summary="Two builds without cache give different environments.",
    stages=("merge",),
    rationale="""Tests, reference runs and calibration are bound to one environment. If rebuilding
    the same Dockerfile yields different files (a build date written to disk, random bytes, an
    unpinned download), results recorded against one build do not hold for the next.""",
    fix="""Remove the nondeterminism from the named step: pin versions and digests, do not write
    dates or random data at build time, or generate such data at test time with a fixed seed.
    Paths that legitimately vary and never affect a run can be listed in taskgate.yaml
    `docker.exclude` (with a comment saying why).""",
    limits=_DYNAMIC + """ Two back-to-back builds catch build-time randomness and clocks, not
    drift that appears only across days (a mirror publishing a new package version). Modification
    times, and the copy of them in timestamp-based .pyc headers, are excluded by design.""",
)

# `taskgate verify-calibration` (ci/calibration/verify.py).
NOT_REPRODUCED = rule(
    "CAL011", "calibration-not-reproduced", hook="verify-calibration", category="calibration", stages=("merge",),
    summary="Re-running a recorded candidate does not give the recorded outcome (verify-calibration).",
    rationale="""The record is evidence only if it can be reproduced: a candidate whose re-run outcome
    or test counts differ from the record is a forged record or a flaky task, and a candidate that
    is not the code extracted from its recorded response was swapped.""",
    fix="""Make the tests deterministic (flaky) or re-run `taskgate calibrate TASK` and commit what it
    writes (forged or swapped).""",
    limits="""Reported by `taskgate verify-calibration`, which needs Docker; the static hook never
    runs candidates.""",
)
