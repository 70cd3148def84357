"""Determinism rules (hook `determinism`): the codes every language's analyser reports.

The ground truth must give identical results on every execution, and the tests are the RL reward
function, so the same holds for them: no reading of the clock, no unseeded randomness, no
network. One code per kind of nondeterminism, whatever the language; the language analysers
(`determinism_python`, `determinism_treesitter`) decide what in their language is that kind.
"""

from __future__ import annotations

from taskgate.hooks.core.registry import rule

_HOOK = "determinism"
_INJECT_CLOCK = """Take the moment as a parameter (inject a clock value or a fixed date such as
`datetime.date(2020, 1, 1)`) so every run sees the same time; a test that must prove a function
ignores the clock waives the line with `taskgate: ignore[CODE] reason`."""
_SEED = """Use a generator with a constant seed (`random.Random(1234)`, `np.random.default_rng(7)`,
`new Random(42)`, `rand::rngs::StdRng::seed_from_u64(7)`), or seed the module generator with a
constant before first use; pass the generator (or its seed) in as a parameter."""

# Known limits of the Python analyser (determinism_python*), named per rule.
_PY_RESOLUTION = """Python: a callee is resolved through imports (module or function level, aliases,
star imports), assignments to names, `self`/class attributes and parameter defaults,
`__import__`/`importlib.import_module`/`getattr`/`sys.modules` with literal names, and callables
passed to be called (`default_factory=time.time`, `key=`, `map`, `partial`). Not resolved: a
callable kept in a container or returned by a function, strings run by eval/exec, a module
reached through another module's attribute (`mymod.time.time()`), and files that do not parse."""
_PY_CLOCK = """Python: time.* clocks, time.localtime/gmtime/ctime/asctime/strftime without a fixed
time, datetime.now/utcnow/today, date.today, timeit timers, os.times, pandas.Timestamp.now and
`"now"`/`"today"` strings given to pandas/numpy, arrow and pendulum. Methods of objects of unknown
type are not known to be clocks (`loop.time()`, `date(2020, 1, 1).today()`). Code after a test
replaced the clock (freezegun, time-machine, monkeypatch.setattr, mock.patch, in the same
function, class or with-block) is not reported."""
_PY_SEEDING = """Python: seeding is followed in execution order within a file (module level, the
function itself, pytest fixtures that are autouse or requested by parameter or usefixtures,
setup_module/setup_function/setUp/setup_method/setUpClass/setup_class, helpers of the same file
called before the draw, and the task's conftest.py files: at import, autouse fixtures, fixtures
requested by name). A seed applied
only on some paths counts as no seed. A seed done in another module, or by a method of an object
of unknown type, is not seen: waive the line. numpy's legacy functions and torch's generator are
followed like the random module."""
_PY_INSTANCE = """Python: random.Random, numpy default_rng, RandomState, the bit generators and
SeedSequence, without a seed or with None. A generator created unseeded and then seeded through
`name.seed(x)` on the same name in the file is accepted. A subclass of random.Random created
without a seed is not recognised."""
_PY_ENTROPY_SEED = """Python: a seed counts as time/entropy-derived when its expression itself calls a
clock, an entropy source, an unseeded draw, os.getpid, id or hash. A seed computed earlier into a
variable is not traced (the clock read there is reported as DET101 instead)."""
_PY_HASH = """Python: reported only when the argument is known to be str or bytes (a literal, an
f-string, str()/repr()/.encode()/.join() and similar results, a parameter or variable annotated str
or bytes, a tuple holding one) and the result escapes: anything but a discarded call, a comparison
of two hash() calls, code inside __hash__ or an attribute caching it (`self._hash`). hash() of a
value of unknown type, and the iteration order of sets of strings (salted the same way), are not
checked."""
_PY_NETWORK = """Python: the client APIs of socket, urllib.request, http.client, requests, httpx
(not with an injected transport=), aiohttp, urllib3, ftplib, smtplib, poplib, imaplib, telnetlib,
nntplib, xmlrpc.client, ssl, websocket(s), paramiko and asyncio.open_connection. Requests made
through an object of unknown type (a session received as a parameter) are not seen; creating the
session is. socketpair, AF_UNIX sockets and file:/data: URLs are allowed."""
_PY_COMMANDS = """Python: subprocess, os.system/popen/exec*/spawn*/posix_spawn, asyncio
subprocesses, pty and pexpect, when the command is a literal (or a name bound to one, an f-string
or concatenation with unknown parts, shlex.split of one). A command assembled at run time from
unknown values is not seen. The tools (curl, wget, nc, ssh, git clone, pip install without
--no-index, npm install, ...) are one list for every language, in hooks/rules/determinism/commands.py
and docs/determinism.md; `sh -c` scripts and `sudo`/`env`/`timeout` prefixes are looked into.
Shell scripts (rules/determinism/shell.py): every simple command the script runs, read with
tree-sitter-bash like a Dockerfile RUN (wrappers, `sh -c`, heredocs fed to a shell); a command
whose program name is only known at run time (`$TOOL install x`) is not seen."""
_LOOPBACK = """A literal loopback target (localhost, *.localhost, 127.0.0.0/8, ::1, and the any address
0.0.0.0/::, which never leaves the host) is not network: a test that starts its own server works offline. The target is read
from literals, f-strings/template strings with a literal host, `+` concatenation, format calls
and names bound once to a literal; a host computed at run time stays a finding. Calls without a
target argument (C `socket()`/`connect()`, Python `socket.socket()`, Java `openConnection()`)
count as loopback when the file's literals name only loopback addresses."""

# The fix for clocks that measure a duration (monotonic, CPU and high-resolution clocks):
# the usual reason to read one in a test is a time budget, whose answer depends on the machine.
ELAPSED_FIX = ("if this times the code, drop the time budget: it makes the reward depend on the machine's speed "
               "and load; bound the work instead (count steps, or use inputs a slower algorithm cannot finish "
               "within timeout_seconds)")

CLOCK = rule(
    "DET101", "clock-read", hook=_HOOK, category="time",
    summary="Code reads the current time or date (wall clock, monotonic or CPU clock).",
    rationale="""A result that depends on when it runs differs between the calibration run, the
    reward run and a re-run: the same answer would be rewarded once and penalised once. A test
    that times the code (a monotonic clock against a budget) passes or fails with the machine's
    load: under a trainer's parallel scoring the same answer flips.""",
    fix=_INJECT_CLOCK + " A time budget: bound the work instead (count steps, or choose inputs a slower algorithm cannot finish within `timeout_seconds`).",
    limits=_PY_RESOLUTION + " " + _PY_CLOCK,
)
TIME_UUID = rule(
    "DET102", "time-based-id", hook=_HOOK, category="time",
    summary="Code makes a time-based unique id (uuid1 and friends).",
    rationale="A time-based id embeds the clock (and the host), so it differs on every run.",
    fix="Derive ids from the input (a counter, a hash of the content), or use uuid.UUID(int=...) with a fixed value.",
    limits="Python: uuid.uuid1, uuid6 and uuid7. " + _PY_RESOLUTION,
)
GLOBAL_RNG = rule(
    "DET201", "unseeded-global-random", hook=_HOOK, category="randomness",
    summary="Code draws from a process-wide random generator that was not seeded with a constant.",
    rationale="""Module-level generators (`random.random()`, `Math.random()`, `rand()`, Go's
    top-level math/rand since 1.20, numpy's legacy functions) are seeded from entropy at start-up,
    so every run draws different numbers.""",
    fix=_SEED,
    limits=_PY_SEEDING + " " + _PY_RESOLUTION,
)
UNSEEDED_RNG = rule(
    "DET202", "unseeded-random-instance", hook=_HOOK, category="randomness",
    summary="Code creates a random generator without a seed.",
    rationale="""`random.Random()`, `np.random.default_rng()`, `new Random()` or `thread_rng()`
    without a seed are seeded from entropy: the sequence changes on every run.""",
    fix=_SEED,
    limits=_PY_INSTANCE,
)
ENTROPY_SEED = rule(
    "DET203", "entropy-seed", hook=_HOOK, category="randomness",
    summary="A generator is seeded with no argument, or with the time or OS entropy.",
    rationale="`random.seed()` and `random.seed(time.time())` look seeded but are not reproducible.",
    fix="Seed with a constant (`random.seed(1234)`) or with a seed passed in by the caller.",
    limits=_PY_ENTROPY_SEED,
)
OS_ENTROPY = rule(
    "DET204", "os-entropy", hook=_HOOK, category="randomness",
    summary="Code reads OS entropy or a cryptographic random source.",
    rationale="""`secrets`, `os.urandom`, `random.SystemRandom`, `uuid4`, `crypto.getRandomValues`,
    `crypto/rand`, `std::random_device` and `OsRng` cannot be seeded at all.""",
    fix=_SEED,
    limits="Python: secrets (except compare_digest), os.urandom, os.getrandom, random.SystemRandom, uuid.uuid4. " + _PY_RESOLUTION,
)
HASH_SEED = rule(
    "DET205", "hash-randomization", hook=_HOOK, category="randomness",
    summary="The built-in hash() of a str or bytes value is used where its value can escape.",
    rationale="""Python salts str and bytes hashes per process (PYTHONHASHSEED), so a stored,
    printed, compared or ordered-by hash() differs between runs.""",
    fix="Use a stable digest (`hashlib.sha256(data).hexdigest()`, `zlib.crc32`) or compare the values themselves.",
    limits=_PY_HASH,
)
PROPERTY_TEST = rule(
    "DET206", "unseeded-property-test", hook=_HOOK, category="randomness",
    summary="A property-based test (Hypothesis `@given`) draws new examples on every run.",
    rationale="""Hypothesis seeds its example generation from entropy: each reward run tries
    different inputs, so a candidate whose bug shows on a few of them passes one run and fails
    the next, and the ground truth passing the gate's reruns proves nothing about the inputs a
    later run will draw. (Hypothesis's example database makes it worse: a failure found once is
    replayed only where the database survives.)""",
    fix="""Make the examples reproducible: `@settings(derandomize=True)` or `@seed(1234)` on the test;
    or, for every test, `settings.register_profile("reward", derandomize=True)` and
    `settings.load_profile("reward")` in tests/conftest.py; or `--hypothesis-seed=0` in
    test_command (or addopts of the task's pytest configuration).""",
    limits="""Python/Hypothesis only, in files under tests/. The decorators are resolved through the
    file's imports; settings objects built elsewhere (`@settings(my_settings)`) and profiles
    selected by the HYPOTHESIS_PROFILE environment variable are not followed (a profile that a
    test file or conftest.py registers with derandomize=True and loads is). A pytest
    configuration file that mentions `derandomize` or `--hypothesis-seed` is taken at its word.""",
)
NETWORK = rule(
    "DET301", "network-access", hook=_HOOK, category="network",
    summary="Code opens a network connection, resolves a host name or makes an HTTP request.",
    rationale="""The sandbox has no network; a task that needs one fails there, and where a network
    exists the answer depends on a remote server's state. Tests and ground truth must be
    self-contained.""",
    fix="Ship the data in the task (a fixture file or a literal), or inject a fake transport object.",
    limits=_LOOPBACK + " " + _PY_NETWORK + " " + _PY_RESOLUTION,
)
NETWORK_TOOL = rule(
    "DET302", "network-subprocess", hook=_HOOK, category="network",
    summary="Code runs a network tool in a subprocess (curl, wget, nc, ssh, git clone, pip install).",
    rationale="""The same as DET301, one process removed: a download at run time makes the result
    depend on the network. A `tests/run-tests.sh` that runs `apt-get install`, `pip install`,
    `uv add`, `npm install`, `cargo add` or `./gradlew` downloads while computing the reward: it
    fails offline and changes when upstream publishes a new version.""",
    fix="""Move the install into the Dockerfile (`RUN pip install pytest==8.3.3`, `RUN cargo fetch`,
    `RUN ./gradlew dependencies`) with pinned versions, run build tools offline at test time
    (`--offline`, `pip install --no-index`), and ship data in the task.""",
    limits=_PY_COMMANDS,
)
VENDORED = rule(
    "DET900", "vendored-code-skipped", hook=_HOOK, category="coverage", severity="note",
    summary="Vendored third-party files of the task were not analysed (a note; never fails).",
    rationale="""A copied test framework or library (Catch2's single header, a vendor/ tree) is not
    code the task author can change, and its internals (a reporter's timer, `--rng-seed time`) are
    not the task's nondeterminism. Skipping it must still be visible, so a task's own file that
    merely looks vendored is noticed in review.""",
    fix="""Nothing to fix. To change what counts as vendored, set `vendored: {paths: [...],
    test_frameworks: true|false}` in taskgate.yaml (README, "Vendored code").""",
    limits="""Stock test frameworks are recognised by banner and include guard in the first 64 KiB
    of C/C++ and JavaScript files (Catch2, doctest, googletest, Unity, greatest, utest.h,
    acutest, QUnit, Jasmine, Mocha; also cpp-httplib and nlohmann/json); both can be copied into any file, which is why every
    skipped file is named in the note.""",
)
NOT_ANALYSED = rule(
    "DET901", "file-not-analysed", hook=_HOOK, category="coverage", severity="note",
    summary="Code files of a type no determinism analyser reads (a note per type and task; never fails).",
    rationale="""A clean determinism result means nothing for files nobody read. Ruby, PHP, Perl,
    Kotlin, zsh and other scripts in solution/, tests/ or subject/ are listed so a reviewer knows
    they were not checked.""",
    fix="Review those files by hand for clock reads, unseeded randomness and network use, or rewrite them in a covered language.",
)
