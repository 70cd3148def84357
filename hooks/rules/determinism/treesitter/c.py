"""C and C++ determinism analysis over tree-sitter syntax trees.

Function and type names are resolved per file: `std::` and a leading `::` are looked through for
the C library, namespace aliases (`namespace chr = std::chrono;`) and type aliases (`using Clock
= std::chrono::steady_clock;`, `typedef ... HC;`) are followed, and a name the file defines
itself (a function, a variable, a parameter, a class) is the user's. `rand()` and friends are
DET201 unless `srand(x)` with a reproducible x ran first (`SeedGate`: earlier in the same
function, or in another function of the file); `srand(time(NULL))` and `std::mt19937
gen(rd())` with a `std::random_device rd` are DET203. Macro bodies (`#define NOW time(NULL)`)
and the arguments of a declaration that parses as a function declaration (`std::mt19937
gen(static_cast<unsigned>(std::time(nullptr)));`) are raw text to tree-sitter: they are
re-parsed as code and analysed with the file's names.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.determinism.rules import (
    CLOCK,
    ELAPSED_FIX,
    ENTROPY_SEED,
    GLOBAL_RNG,
    NETWORK,
    NETWORK_TOOL,
    OS_ENTROPY,
)
from taskgate.hooks.rules.determinism.treesitter.analyser import (
    without_generics,
    FIX_NETWORK,
    FIX_TOOL,
    Report,
    parser_for,
    SeedGate,
    enclosing,
    network_shell,
    network_tool,
    string_value,
    text,
    walk,
)

FIX_CLOCK = "take the time as a parameter or use a fixed value (e.g. `time_t t = 0;`)"
FIX_RANDOM = "seed first with a constant (`srand(42);`) or use a seeded engine such as `std::mt19937 gen(42);`"
FIX_SEED = "seed with a constant, e.g. `srand(42)` or `std::mt19937 gen(42)`"

FUNCTIONS: dict[str, tuple[str, str]] = {}
for _name in ("time", "clock", "gettimeofday", "clock_gettime", "timespec_get", "ftime", "_ftime", "_time64",
              "GetTickCount", "GetTickCount64", "QueryPerformanceCounter", "GetSystemTime", "GetLocalTime",
              "GetSystemTimeAsFileTime", "mach_absolute_time", "getrusage"):
    FUNCTIONS[_name] = (CLOCK, FIX_CLOCK)
for _name in ("arc4random", "arc4random_uniform", "arc4random_buf", "getrandom", "getentropy", "RAND_bytes",
              "BCryptGenRandom", "CryptGenRandom", "rand_s"):
    FUNCTIONS[_name] = (OS_ENTROPY, FIX_SEED)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname2", "gethostbyaddr", "curl_easy_perform",
              "curl_multi_perform", "socket", "connect", "cpr::Get", "cpr::Post", "cpr::Put", "cpr::Delete",
              "cpr::Patch", "cpr::Head", "boost::asio::connect", "asio::connect"):
    FUNCTIONS[_name] = (NETWORK, FIX_NETWORK)
DRAWS = frozenset({"rand", "random", "drand48", "lrand48", "mrand48", "random_shuffle"})
SEEDERS = frozenset({"srand", "srandom", "srand48"})
# command runner -> index of the program / shell-command argument, and whether it is a shell line
COMMANDS = {"system": ("shell", 0), "popen": ("shell", 0), "_popen": ("shell", 0), "execl": ("argv", 0),
            "execlp": ("argv", 0), "execle": ("argv", 0), "execv": ("program", 0), "execvp": ("program", 0),
            "execvpe": ("program", 0), "posix_spawn": ("program", 1), "posix_spawnp": ("program", 1)}
STD_CLOCKS = frozenset({"system_clock", "steady_clock", "high_resolution_clock", "utc_clock", "tai_clock",
                        "gps_clock", "file_clock"})
ENGINES = frozenset({"mt19937", "mt19937_64", "minstd_rand", "minstd_rand0", "default_random_engine", "ranlux24",
                     "ranlux48", "ranlux24_base", "ranlux48_base", "knuth_b"})
NETWORK_TYPES = frozenset({"httplib::Client", "httplib::SSLClient", "tcp::resolver", "udp::resolver",
                           "ip::tcp::resolver", "asio::ip::tcp::resolver", "boost::asio::ip::tcp::resolver"})
SOCKET_HEADERS = ("sys/socket.h", "winsock2.h", "winsock.h", "netdb.h", "arpa/inet.h", "netinet/in.h")
LOCAL_FAMILIES = frozenset({"AF_UNIX", "AF_LOCAL", "PF_UNIX", "PF_LOCAL"})
HIDDEN_ENTROPY = frozenset({"getpid", "_getpid", "gettid", "pthread_self"})
STRINGS = frozenset({"string_literal", "raw_string_literal"})
SCOPES = frozenset({"function_definition", "lambda_expression"})
DEVICES = frozenset({"/dev/urandom", "/dev/random"})


def plain(name: str) -> str:
    """`::std::chrono::system_clock::now` -> `std::chrono::system_clock::now` (templates dropped)."""
    return without_generics(name).removeprefix("::")


class Analysis:
    def __init__(self, report: Report, language: str, parent: Analysis | None = None) -> None:
        self.report = report
        self.language = language
        self.gate = parent.gate if parent is not None else SeedGate()
        self.macros: list[Any] = []
        self.user: set[str] = set()  # functions, variables, parameters and classes the file defines
        self.aliases: dict[str, str] = {}  # namespace and type aliases
        self.includes: set[str] = set()
        self.calls: list[tuple[Any, Any]] = []  # (node, chain)
        self.types: list[Any] = []
        self.constructions: list[tuple[Any, Any, Any]] = []  # (declaration, args, chain)
        self.device_strings: list[Any] = []
        self.entropy_vars: set[str] = set()
        if parent is not None:  # a fragment sees the names of the file it comes from
            self.user, self.aliases, self.includes = parent.user, parent.aliases, parent.includes
            self.entropy_vars = parent.entropy_vars

    def visit(self, node: Any, chain: Any) -> None:
        kind = node.type
        if kind == "preproc_include":
            path = node.child_by_field_name("path")
            if path is not None:
                self.includes.add(text(path).strip('<>"'))
        elif kind == "function_declarator" and node.parent is not None and node.parent.type == "function_definition":
            name = node.child_by_field_name("declarator")
            if name is not None:
                self.user.add(plain(text(name)).rsplit("::", 1)[-1])
        elif kind in ("init_declarator", "parameter_declaration", "optional_parameter_declaration"):
            name = node.child_by_field_name("declarator")
            while name is not None and name.type in ("pointer_declarator", "reference_declarator", "array_declarator"):
                name = name.child_by_field_name("declarator") or (name.named_children[-1] if name.named_children else None)
            if name is not None and name.type == "identifier":
                self.user.add(text(name))
        elif kind == "declaration":
            self.visit_declaration(node, chain)
        elif kind in ("struct_specifier", "class_specifier", "union_specifier", "enum_specifier"):
            name = node.child_by_field_name("name")
            if name is not None and node.child_by_field_name("body") is not None:
                self.user.add(text(name))
        elif kind == "namespace_alias_definition":
            name = node.child_by_field_name("name")
            target = node.named_children[-1] if node.named_children else None
            if name is not None and target is not None:
                self.aliases[text(name)] = plain(text(target))
        elif kind == "alias_declaration":
            name, target = node.child_by_field_name("name"), node.child_by_field_name("type")
            if name is not None and target is not None:
                self.aliases[text(name)] = plain(text(target))
        elif kind == "type_definition":
            target, name = node.child_by_field_name("type"), node.child_by_field_name("declarator")
            if name is not None and target is not None and name.type == "type_identifier":
                self.aliases[text(name)] = plain(text(target))
        elif kind == "call_expression":
            self.calls.append((node, chain))
        elif kind in ("preproc_def", "preproc_function_def"):
            value = node.child_by_field_name("value")
            if value is not None:
                self.macros.append(value)
        elif kind == "type_identifier" and text(node) in ("random_device", "resolver", "Client", "SSLClient"):
            self.types.append(node)
        elif kind == "string_literal" and string_value(node, STRINGS) in DEVICES:
            self.device_strings.append(node)

    def visit_declaration(self, node: Any, chain: Any) -> None:
        kind = node.child_by_field_name("type")
        if kind is None:
            return
        type_name = self.resolve(kind).rsplit("::", 1)[-1]
        for declarator in node.children_by_field_name("declarator"):
            if declarator.type == "identifier":
                self.user.add(text(declarator))
                if type_name == "random_device":
                    self.entropy_vars.add(text(declarator))
            elif type_name in ENGINES and declarator.type == "init_declarator":
                value = declarator.child_by_field_name("value")
                if value is not None and value.named_children:
                    self.constructions.append((node, value, chain))
            elif type_name in ENGINES and declarator.type == "function_declarator" and chain is not None:
                params = declarator.child_by_field_name("parameters")  # the most vexing parse
                if params is not None and params.named_children:
                    self.constructions.append((node, params, chain))
            if declarator.type == "init_declarator" and type_name == "random_device":
                name = declarator.child_by_field_name("declarator")
                if name is not None:
                    self.entropy_vars.add(text(name))

    def resolve(self, node: Any) -> str:
        name = plain(text(node))
        head, sep, rest = name.partition("::")
        if head in self.aliases:
            name = self.aliases[head] + (sep + rest if sep else "")
        return name

    def library(self, name: str) -> str | None:
        """The C library function a resolved call name stands for (None for the user's own)."""
        bare = name.removeprefix("std::")
        if "::" in bare:
            return bare if bare in FUNCTIONS else None
        return None if bare in self.user else bare

    # -- findings ------------------------------------------------------------------------------
    def finish(self) -> None:
        draws, seeds = [], []
        for node in self.types:
            self.check_type(node)
        for node in self.device_strings:
            call = node.parent.parent if node.parent is not None and node.parent.type == "argument_list" else None
            opener = text(call.child_by_field_name("function") or call) if call is not None else ""
            what = f"{opener}({text(node)})" if call is not None and call.type == "call_expression" else text(node)
            self.report.add(node, OS_ENTROPY, what, FIX_SEED)
        for node, chain in self.calls:
            callee = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if callee is None or args is None:
                continue
            if callee.type == "field_expression":
                field = callee.child_by_field_name("field")
                if field is not None and text(field) == "seed":
                    seeds.append((node, args, chain, False))
                continue
            if callee.type not in ("identifier", "qualified_identifier", "template_function"):
                continue
            name = self.resolve(callee)
            if self.clock_now(name):
                elapsed = name.split("::")[-2] in ("steady_clock", "high_resolution_clock")
                self.report.add(node, CLOCK, text(callee) + "()", ELAPSED_FIX if elapsed else FIX_CLOCK, resolved=name)
                continue
            bare = self.library(name)
            if bare is None:
                continue
            values = [a for a in args.named_children if a.type != "comment"]
            if bare in DRAWS:
                if bare != "random_shuffle" or len(values) == 2:
                    draws.append((node, callee, chain))
            elif bare in SEEDERS:
                seeds.append((node, args, chain, True))
            elif bare in COMMANDS:
                self.command(node, callee, bare, values)
            elif bare in FUNCTIONS:
                code, fix = FUNCTIONS[bare]
                if bare == "socket" and values and text(values[0]) in LOCAL_FAMILIES:
                    continue
                if bare == "connect" and not any(h in self.includes for h in SOCKET_HEADERS):
                    continue
                self.report.add(node, code, text(callee) + "()", fix, resolved=name)
        for declaration, args, chain in self.constructions:
            what = f"{text(declaration).split('(', 1)[0].split('{', 1)[0].strip()}(...)"
            if args.type != "parameter_list":
                self.seed(declaration, args, what)
                continue
            # `std::mt19937 gen(f(x));` parses as a function declaration: re-parse the arguments.
            sub, root = self.fragment(b"void __taskgate_f(void) { __taskgate_seed", args, b"; }")
            if self.hidden_entropy(root) or any(h.code in (CLOCK, OS_ENTROPY) for h in sub.hits()):
                self.report.add(declaration, ENTROPY_SEED, what, FIX_SEED)
        gate = self.gate
        for node, args, chain, is_global in seeds:
            reproducible = self.seed(node, args, text(node.child_by_field_name("function")) + "(...)")
            if is_global and reproducible:
                gate.seeded(function_of(chain), node.start_byte)
        for node, callee, chain in draws:
            if not gate.covers(function_of(chain), node.start_byte):
                self.report.add(node, GLOBAL_RNG, text(callee) + "()", FIX_RANDOM)
        for value in self.macros:  # `#define NOW time(NULL)`: macro bodies are raw text to tree-sitter
            prefix = b"void __taskgate_macro(void) {"
            sub, _ = self.fragment(prefix, value, b"\n;}")
            row, byte_col = value.start_point
            self.report.place(sub.hits(), row, self.report.char_column(row, byte_col) - len(prefix))

    def fragment(self, prefix: bytes, node: Any, suffix: bytes) -> tuple[Report, Any]:
        """Parse a node's text wrapped in `prefix`/`suffix` and analyse it with this file's names."""
        source = prefix + self.report.source[node.start_byte:node.end_byte] + suffix
        sub = Report(source)
        root = parser_for(self.language).parse(source).root_node
        analysis = Analysis(sub, self.language, self)
        walk(root, SCOPES, analysis.visit)
        analysis.finish()
        return sub, root

    def seed(self, node: Any, args: Any, what: str) -> bool:
        """Report a seed taken from the clock or entropy; True when the seed is reproducible."""
        if self.hidden_entropy(args):
            self.report.add(node, ENTROPY_SEED, what, FIX_SEED)
            return False
        reproducible = not self.report.seeded_from_entropy(args)
        self.report.seed(node, args, what, FIX_SEED)
        return reproducible

    def hidden_entropy(self, node: Any) -> bool:
        """A call to getpid() or to a `std::random_device` variable inside a seed expression."""
        stack = [node]
        while stack:
            current = stack.pop()
            if current.type in ("identifier", "type_identifier"):
                name = text(current)
                if name in self.entropy_vars or name in HIDDEN_ENTROPY and name not in self.user:
                    return True
            stack.extend(current.named_children)
        return False

    def clock_now(self, name: str) -> bool:
        parts = name.split("::")
        if len(parts) < 2 or parts[-1] != "now" or parts[-2] not in STD_CLOCKS:
            return False
        return name.startswith("std::chrono::") or parts[-2] not in self.user

    def check_type(self, node: Any) -> None:
        top = node
        while top.parent is not None and top.parent.type == "qualified_identifier":
            top = top.parent
        name = self.resolve(top)
        if name in ("std::random_device", "random_device") and "random_device" not in self.user:
            self.report.add(top, OS_ENTROPY, text(top), "use an engine with a constant seed: `std::mt19937 gen(42);`",
                            resolved="std::random_device")
        elif any(name == t or name.endswith("::" + t) for t in NETWORK_TYPES):
            self.report.add(top, NETWORK, text(top), FIX_NETWORK)

    def command(self, node: Any, callee: Any, bare: str, values: list[Any]) -> None:
        style, index = COMMANDS[bare]
        if len(values) <= index:
            return
        first = string_value(values[index], STRINGS)
        if first is None:
            return
        if style == "shell":
            tool = network_shell(first)
        elif style == "argv":
            tool = network_tool([first, *(string_value(v, STRINGS) for v in values[index + 2:])])
        else:
            tool = network_tool([first])
        if tool:
            self.report.add(node, NETWORK_TOOL, f"{text(callee)}(\"{tool} ...\")", FIX_TOOL)


def function_of(chain: Any) -> int | None:
    found = enclosing(chain, SCOPES)
    return found[0] if found is not None and found[1] in SCOPES else None


def analyse_tree(root: Any, report: Report, language: str) -> None:
    analysis = Analysis(report, language)
    walk(root, SCOPES, analysis.visit)
    analysis.finish()
