"""Determinism rules (hook `determinism`): the codes every language's analyser reports.

The ground truth must give identical results on every execution, and the tests are the RL reward
function, so the same holds for them: no reading of the clock, no unseeded randomness, no
network. One code per kind of nondeterminism, whatever the language; the language analysers
(`determinism_python`, `determinism_treesitter`) decide what in their language is that kind.
"""

from __future__ import annotations

from taskgate.hooks.registry import rule

_HOOK = "determinism"
_INJECT_CLOCK = """Take the moment as a parameter (inject a clock value or a fixed date such as
`datetime.date(2020, 1, 1)`) so every run sees the same time; a test that must prove a function
ignores the clock waives the line with `taskgate: ignore[CODE] reason`."""
_SEED = """Use a generator with a constant seed (`random.Random(1234)`, `np.random.default_rng(7)`,
`new Random(42)`, `rand::rngs::StdRng::seed_from_u64(7)`), or seed the module generator with a
constant before first use; pass the generator (or its seed) in as a parameter."""

CLOCK = rule(
    "DET101", "clock-read", hook=_HOOK, category="time",
    summary="Code reads the current time or date (wall clock, monotonic or CPU clock).",
    rationale="""A result that depends on when it runs differs between the calibration run, the
    reward run and a re-run: the same answer would be rewarded once and penalised once.""",
    fix=_INJECT_CLOCK,
)
TIME_UUID = rule(
    "DET102", "time-based-id", hook=_HOOK, category="time",
    summary="Code makes a time-based unique id (uuid1 and friends).",
    rationale="A time-based id embeds the clock (and the host), so it differs on every run.",
    fix="Derive ids from the input (a counter, a hash of the content), or use uuid.UUID(int=...) with a fixed value.",
)
GLOBAL_RNG = rule(
    "DET201", "unseeded-global-random", hook=_HOOK, category="randomness",
    summary="Code draws from a process-wide random generator that was not seeded with a constant.",
    rationale="""Module-level generators (`random.random()`, `Math.random()`, `rand()`, Go's
    top-level math/rand since 1.20, numpy's legacy functions) are seeded from entropy at start-up,
    so every run draws different numbers.""",
    fix=_SEED,
)
UNSEEDED_RNG = rule(
    "DET202", "unseeded-random-instance", hook=_HOOK, category="randomness",
    summary="Code creates a random generator without a seed.",
    rationale="""`random.Random()`, `np.random.default_rng()`, `new Random()` or `thread_rng()`
    without a seed are seeded from entropy: the sequence changes on every run.""",
    fix=_SEED,
)
ENTROPY_SEED = rule(
    "DET203", "entropy-seed", hook=_HOOK, category="randomness",
    summary="A generator is seeded with no argument, or with the time or OS entropy.",
    rationale="`random.seed()` and `random.seed(time.time())` look seeded but are not reproducible.",
    fix="Seed with a constant (`random.seed(1234)`) or with a seed passed in by the caller.",
)
OS_ENTROPY = rule(
    "DET204", "os-entropy", hook=_HOOK, category="randomness",
    summary="Code reads OS entropy or a cryptographic random source.",
    rationale="""`secrets`, `os.urandom`, `random.SystemRandom`, `uuid4`, `crypto.getRandomValues`,
    `crypto/rand`, `std::random_device` and `OsRng` cannot be seeded at all.""",
    fix=_SEED,
)
HASH_SEED = rule(
    "DET205", "hash-randomization", hook=_HOOK, category="randomness",
    summary="The built-in hash() of a str or bytes value is used where its value can escape.",
    rationale="""Python salts str and bytes hashes per process (PYTHONHASHSEED), so a stored,
    printed, compared or ordered-by hash() differs between runs.""",
    fix="Use a stable digest (`hashlib.sha256(data).hexdigest()`, `zlib.crc32`) or compare the values themselves.",
)
NETWORK = rule(
    "DET301", "network-access", hook=_HOOK, category="network",
    summary="Code opens a network connection, resolves a host name or makes an HTTP request.",
    rationale="""The sandbox has no network; a task that needs one fails there, and where a network
    exists the answer depends on a remote server's state. Tests and ground truth must be
    self-contained.""",
    fix="Ship the data in the task (a fixture file or a literal), or inject a fake transport object.",
)
NETWORK_TOOL = rule(
    "DET302", "network-subprocess", hook=_HOOK, category="network",
    summary="Code runs a network tool in a subprocess (curl, wget, nc, ssh, git clone, pip install).",
    rationale="The same as DET301, one process removed: a download at run time makes the result depend on the network.",
    fix="Install what is needed in the Dockerfile with pinned versions, and ship data in the task.",
)
