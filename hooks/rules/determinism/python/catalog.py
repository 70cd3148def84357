"""What the Python determinism analyser knows about the standard library and common packages.

Every entry is keyed by the canonical dotted name of what is called (`time.time`,
`datetime.datetime.now`, `numpy.random.default_rng`), whatever alias the code imported it under.
An entry says how the call breaks determinism and when:

- `read`: the call is nondeterministic unless a fixed argument is passed (see `Arg`);
- `draw`: draws from a process-wide generator (`family`), fine once that was seeded with a constant;
- `seed`: seeds a process-wide generator; wrong without an argument or with the time/entropy;
- `ctor`: creates a generator; wrong without a seed (DET202) or with a time/entropy seed (DET203);
- `command`: runs another program; wrong when that program is a network tool (DET302).
"""

from __future__ import annotations

from typing import NamedTuple

from taskgate.hooks.rules.determinism.rules import ELAPSED_FIX


class Arg(NamedTuple):
    """Where the argument that makes a call deterministic goes: position and keyword."""

    position: int | None
    keyword: str | None
    # Flag only when the argument is one of these literal strings (e.g. "now"); None: when missing.
    literals: frozenset[str] | None = None


class Spec(NamedTuple):
    code: str
    kind: str  # read | draw | seed | ctor | command
    why: str  # why the call breaks determinism (completes "`x()` ...")
    fix: str
    arg: Arg | None = None  # read/ctor/seed: the argument whose absence (or None) is the problem
    family: str = ""  # draw/seed: "random", "numpy" or "torch"
    command: str = ""  # command: argv | shell | program-args | path-argv
    command_at: int = 0  # command: position of the command (or first program argument)
    command_kw: str | None = None
    unless_kw: str | None = None  # read: a keyword that makes the call fine (httpx transport=...)


CATALOG: dict[str, Spec] = {}

_CLOCK_WHY = "reads the clock, so the result changes from run to run"
_CLOCK_FIX = "take the time as a parameter (inject a clock value) or use a fixed one such as datetime.date(2020, 1, 1)"
_FORMAT_WHY = "without a fixed time argument formats the current time, which changes from run to run"
_FORMAT_FIX = "pass a fixed time value (e.g. time.gmtime(0)) or take the time as a parameter"


def _add(names: str, spec: Spec) -> None:
    for name in names.split():
        CATALOG[name] = spec


# --- time (DET101, DET102) ---------------------------------------------------------------------
_add(
    "time.monotonic time.monotonic_ns time.perf_counter time.perf_counter_ns time.process_time "
    "time.process_time_ns time.thread_time time.thread_time_ns timeit.default_timer timeit.timeit timeit.repeat os.times",
    Spec("DET101", "read", "reads a duration clock, so what it measures changes from run to run", ELAPSED_FIX),
)
_add(
    "time.time time.time_ns time.clock_gettime time.clock_gettime_ns time.clock "
    "datetime.datetime.now datetime.datetime.utcnow datetime.datetime.today datetime.date.today "
    "pandas.Timestamp.now pandas.Timestamp.utcnow pandas.Timestamp.today "
    "arrow.now arrow.utcnow pendulum.now pendulum.today pendulum.yesterday pendulum.tomorrow",
    Spec("DET101", "read", _CLOCK_WHY, _CLOCK_FIX),
)
_add("time.localtime time.gmtime time.ctime time.asctime",
     Spec("DET101", "read", _FORMAT_WHY, _FORMAT_FIX, Arg(0, None)))
_add("time.strftime", Spec("DET101", "read", _FORMAT_WHY, _FORMAT_FIX, Arg(1, None)))
_NOW = frozenset({"now", "today", "yesterday", "tomorrow", "utcnow"})
_add("pandas.Timestamp pandas.to_datetime numpy.datetime64",
     Spec("DET101", "read", "with \"now\"/\"today\" reads the clock, so the result changes from run to run", _CLOCK_FIX,
          Arg(0, None, _NOW)))
_add("uuid.uuid1 uuid.uuid6 uuid.uuid7",
     Spec("DET102", "read", "makes a time-based id (clock and host), different on every run",
          "derive the id from the input, or use uuid.uuid5(namespace, name) / uuid.UUID(int=...) with fixed values"))

# --- randomness (DET201-DET204) ----------------------------------------------------------------
_DRAW_WHY = "draws from the process-wide generator, which is not seeded with a constant before this use"
# Arrays and tensors are usually test inputs whose values nobody asserts (only a shape or dtype):
# the reward still varies, because the values reach the code under test.
_ARRAY_DRAW_WHY = (_DRAW_WHY + ": even if the test asserts only the shape or dtype of a result, these values are the "
                   "input of the code under test, so a candidate whose bug shows only on some values (a NaN or overflow, "
                   "a value-dependent branch, a tolerance) passes on one run and fails on the next, and the reward varies")
_add(
    " ".join(f"random.{n}" for n in (
        "random uniform randint randrange choice choices sample shuffle gauss normalvariate "
        "lognormvariate expovariate vonmisesvariate gammavariate betavariate paretovariate "
        "weibullvariate triangular getrandbits randbytes binomialvariate").split()),
    Spec("DET201", "draw", _DRAW_WHY,
         "use a generator with a constant seed (rng = random.Random(1234); rng.choice(...)) or call random.seed(<constant>) first",
         family="random"),
)
_NUMPY_LEGACY = (
    "rand randn randint random_integers random_sample random ranf sample choice bytes shuffle "
    "permutation beta binomial chisquare dirichlet exponential f gamma geometric gumbel "
    "hypergeometric laplace logistic lognormal logseries multinomial multivariate_normal "
    "negative_binomial noncentral_chisquare noncentral_f normal pareto poisson power rayleigh "
    "standard_cauchy standard_exponential standard_gamma standard_normal standard_t triangular "
    "uniform vonmises wald weibull zipf"
).split()
_add(" ".join(f"numpy.random.{n}" for n in _NUMPY_LEGACY),
     Spec("DET201", "draw", _ARRAY_DRAW_WHY,
          "use rng = np.random.default_rng(<constant>) and its methods, or call np.random.seed(<constant>) first",
          family="numpy"))
_add(" ".join(f"torch.{n}" for n in "rand randn randint randperm rand_like randn_like randint_like normal bernoulli multinomial poisson".split()),
     Spec("DET201", "draw", _ARRAY_DRAW_WHY, "call torch.manual_seed(<constant>) first, or pass a seeded torch.Generator",
          family="torch"))

_SEED_FIX = "seed with a constant (random.seed(1234)) or with a seed the caller passes in"
_add("random.seed", Spec("DET203", "seed", "", _SEED_FIX, Arg(0, "a"), family="random"))
_add("random.setstate", Spec("DET203", "seed", "", _SEED_FIX, Arg(0, "state"), family="random"))
_add("numpy.random.seed", Spec("DET203", "seed", "", _SEED_FIX, Arg(0, "seed"), family="numpy"))
_add("numpy.random.set_state", Spec("DET203", "seed", "", _SEED_FIX, Arg(0, "state"), family="numpy"))
_add("torch.manual_seed torch.random.manual_seed", Spec("DET203", "seed", "", _SEED_FIX, Arg(0, "seed"), family="torch"))

_CTOR_FIX = "pass a constant seed (random.Random(1234), np.random.default_rng(7)) or one the caller passes in"
_add("random.Random", Spec("DET202", "ctor", "", _CTOR_FIX, Arg(0, "x")))
_add("numpy.random.default_rng numpy.random.RandomState numpy.random.PCG64 numpy.random.PCG64DXSM "
     "numpy.random.MT19937 numpy.random.Philox numpy.random.SFC64",
     Spec("DET202", "ctor", "", _CTOR_FIX, Arg(0, "seed")))
_add("numpy.random.SeedSequence", Spec("DET202", "ctor", "", _CTOR_FIX, Arg(0, "entropy")))

_ENTROPY_WHY = "reads OS entropy, which no seed can reproduce"
_ENTROPY_FIX = "use a generator with a constant seed (random.Random(1234)) and pass it in"
_add(
    "random.SystemRandom secrets.SystemRandom secrets.token_bytes secrets.token_hex secrets.token_urlsafe "
    "secrets.choice secrets.randbelow secrets.randbits os.urandom os.getrandom uuid.uuid4",
    Spec("DET204", "read", _ENTROPY_WHY, _ENTROPY_FIX),
)
CATALOG["uuid.uuid4"] = Spec("DET204", "read", "makes a random id from OS entropy, different on every run",
                             "derive the id from the input, or use uuid.uuid5(namespace, name) / uuid.UUID(int=rng.getrandbits(128)) with a seeded rng")

# --- network (DET301, DET302) ------------------------------------------------------------------
_NET_WHY = "reaches the network, which the sandbox lacks and whose answers change over time"
_NET_FIX = "ship the data in the task (a fixture file or a literal) or inject a fake transport"
_add(
    "socket.create_connection socket.create_server socket.getaddrinfo socket.gethostbyname "
    "socket.gethostbyname_ex socket.gethostbyaddr socket.getfqdn socket.getnameinfo "
    "urllib.request.urlopen urllib.request.urlretrieve urllib.request.build_opener urllib.request.OpenerDirector "
    "urllib.urlopen urllib2.urlopen "
    "http.client.HTTPConnection http.client.HTTPSConnection "
    "requests.get requests.post requests.put requests.patch requests.delete requests.head requests.options "
    "requests.request requests.Session requests.session requests.api.request requests.api.get "
    "aiohttp.ClientSession aiohttp.request aiohttp.client.ClientSession "
    "ftplib.FTP ftplib.FTP_TLS smtplib.SMTP smtplib.SMTP_SSL smtplib.LMTP poplib.POP3 poplib.POP3_SSL "
    "imaplib.IMAP4 imaplib.IMAP4_SSL telnetlib.Telnet nntplib.NNTP xmlrpc.client.ServerProxy "
    "ssl.get_server_certificate asyncio.open_connection "
    "urllib3.PoolManager urllib3.ProxyManager urllib3.request urllib3.connection_from_url "
    "websocket.create_connection websockets.connect paramiko.SSHClient",
    Spec("DET301", "read", _NET_WHY, _NET_FIX),
)
_add("socket.socket", Spec("DET301", "read", _NET_WHY, _NET_FIX))
_add(
    "httpx.get httpx.post httpx.put httpx.patch httpx.delete httpx.head httpx.options httpx.request "
    "httpx.stream httpx.Client httpx.AsyncClient",
    Spec("DET301", "read", _NET_WHY, _NET_FIX, unless_kw="transport"),
)

_CMD_WHY = "runs {tool}, which reaches the network, so the result depends on a remote server (and fails in the sandbox)"
_CMD_FIX = "install what is needed in the Dockerfile with pinned versions and ship data in the task"


def _command(names: str, style: str, at: int = 0, kw: str | None = None) -> None:
    _add(names, Spec("DET302", "command", _CMD_WHY, _CMD_FIX, command=style, command_at=at, command_kw=kw))


_command("subprocess.run subprocess.call subprocess.check_call subprocess.check_output subprocess.Popen "
         "pexpect.run pexpect.spawn", "argv", 0, "args")
_command("os.system os.popen subprocess.getoutput subprocess.getstatusoutput asyncio.create_subprocess_shell",
         "shell", 0, "cmd")
_command("os.execl os.execlp os.execle os.execlpe asyncio.create_subprocess_exec", "program-args", 0)
_command("os.spawnl os.spawnlp os.spawnle os.spawnlpe", "program-args", 1)
_command("os.execv os.execvp os.execve os.execvpe os.posix_spawn os.posix_spawnp", "path-argv", 1)
_command("os.spawnv os.spawnvp os.spawnve os.spawnvpe", "path-argv", 2)
_command("pty.spawn", "argv", 0, "argv")

# Calls whose value differs per process although they are not a clock or entropy source: a seed
# derived from them is as good as no seed (DET203).
ENTROPY_LIKE = frozenset({"os.getpid", "os.getppid", "builtins.id", "threading.get_ident", "builtins.hash"})

# Callables that take other callables as arguments without calling them.
NON_CALLING = frozenset({
    "builtins.setattr", "builtins.getattr", "builtins.hasattr", "builtins.delattr", "builtins.id",
    "builtins.print", "builtins.repr", "builtins.str", "builtins.isinstance", "builtins.issubclass",
    "builtins.callable", "builtins.type", "builtins.vars", "builtins.dir", "builtins.format",
    "inspect.signature", "inspect.getsource", "functools.wraps", "functools.update_wrapper",
})
# Where a callable is called with no arguments: default factories.
ZERO_ARG_KEYWORDS = frozenset({"default_factory"})
ZERO_ARG_FIRST = frozenset({"collections.defaultdict"})

STR_FUNCTIONS = frozenset({"builtins.str", "builtins.repr", "builtins.bytes", "builtins.ascii", "builtins.format",
                           "builtins.chr", "builtins.input"})
# Methods whose result is a str or bytes whatever the receiver's type is (as far as code goes).
STR_METHODS_ANY = frozenset({"encode", "decode", "hexdigest", "strftime", "isoformat"})
# Methods returning str when called on a str.
STR_METHODS = frozenset({
    "lower", "upper", "strip", "lstrip", "rstrip", "title", "casefold", "capitalize", "swapcase",
    "replace", "format", "join", "zfill", "center", "ljust", "rjust", "removeprefix", "removesuffix",
    "expandtabs", "translate", "format_map",
})
STR_TYPES = frozenset({"str", "bytes", "builtins.str", "builtins.bytes", "typing.AnyStr"})


def exported(module: str) -> list[str]:
    """Names `from module import *` binds that the catalog knows of."""
    prefix = module + "."
    return sorted({name[len(prefix):].split(".", 1)[0] for name in CATALOG if name.startswith(prefix)})
