"""Go determinism analysis over tree-sitter syntax trees.

`pkg.Name` is resolved through the file's imports, aliases included (`import mrand
"math/rand"`, dot imports); a local variable, parameter or range variable that shadows the
package name (`rand := rand.New(rand.NewSource(1))`, then `rand.Intn(3)`) is the user's value
from the point of its declaration on, as in Go.

Top-level math/rand functions are auto-seeded since Go 1.20, so they are DET201 unless the file
calls `rand.Seed(x)` with a reproducible x earlier in the same function or in another function
of the file (`init()`, `TestMain` or a setup helper; see `SeedGate`). math/rand/v2 cannot be
seeded globally: its top-level functions always count. HTTP calls in a file that starts an
`httptest` server (`httptest.NewServer`) go to that loopback server and are not reported.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.determinism.rules import CLOCK, ELAPSED_FIX, GLOBAL_RNG, NETWORK, NETWORK_TOOL, OS_ENTROPY, TIME_UUID
from taskgate.hooks.rules.determinism.treesitter.analyser import (
    FIX_NETWORK,
    FIX_TOOL,
    MISSING,
    Chain,
    Report,
    Scopes,
    SeedGate,
    enclosing,
    network_tool,
    string_value,
    text,
    walk,
)

FIX_CLOCK = "take the time as a parameter (a `func() time.Time` or a value) or use a fixed time such as `time.Unix(0, 0)`"
FIX_RANDOM = "use `rand.New(rand.NewSource(42))` (a constant seed) and pass the generator in"
FIX_SEED = "seed with a constant, e.g. `rand.New(rand.NewSource(42))`"
V1 = "math/rand"
V2 = "math/rand/v2"
DRAWS_V1 = ("Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "Float32", "Float64",
            "Perm", "Shuffle", "Read", "NormFloat64", "ExpFloat64")
DRAWS_V2 = ("Int", "IntN", "Int32", "Int32N", "Int64", "Int64N", "Uint", "UintN", "Uint32", "Uint32N", "Uint64",
            "Uint64N", "Float32", "Float64", "Perm", "Shuffle", "N", "NormFloat64", "ExpFloat64")

API: dict[str, tuple[str, str]] = {
    "time.Now": (CLOCK, FIX_CLOCK),
    "time.Since": (CLOCK, ELAPSED_FIX),
    "time.Until": (CLOCK, FIX_CLOCK),
    "net/http.Get": (NETWORK, FIX_NETWORK),
    "net/http.Post": (NETWORK, FIX_NETWORK),
    "net/http.Head": (NETWORK, FIX_NETWORK),
    "net/http.PostForm": (NETWORK, FIX_NETWORK),
    "net/http.DefaultClient": (NETWORK, FIX_NETWORK),
    "net/http.Client": (NETWORK, FIX_NETWORK),
    "net.Dialer": (NETWORK, FIX_NETWORK),
    "github.com/google/uuid.New": (OS_ENTROPY, "derive ids from the input, e.g. `uuid.NewSHA1(ns, data)`"),
    "github.com/google/uuid.NewString": (OS_ENTROPY, "derive ids from the input, e.g. `uuid.NewSHA1(ns, data)`"),
    "github.com/google/uuid.NewRandom": (OS_ENTROPY, "derive ids from the input, e.g. `uuid.NewSHA1(ns, data)`"),
    "github.com/google/uuid.NewUUID": (TIME_UUID, "derive ids from the input, e.g. `uuid.NewSHA1(ns, data)`"),
}
for _name in ("Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "LookupHost", "LookupIP", "LookupAddr",
              "LookupCNAME", "LookupMX", "LookupTXT", "LookupNS", "LookupSRV", "LookupPort"):
    API[f"net.{_name}"] = (NETWORK, FIX_NETWORK)
for _name in DRAWS_V2:
    API[f"{V2}.{_name}"] = (GLOBAL_RNG, FIX_RANDOM)
ENTROPY_PACKAGES = {"crypto/rand": "use `rand.New(rand.NewSource(42))` from math/rand: a constant seed"}
SEEDS = {f"{V1}.NewSource", f"{V2}.NewPCG", f"{V2}.NewChaCha8"}
COMMANDS = {"os/exec.Command": 0, "os/exec.CommandContext": 1}

SCOPES = frozenset({"source_file", "function_declaration", "method_declaration", "func_literal", "block",
                    "for_statement", "if_statement", "expression_switch_statement", "type_switch_statement",
                    "expression_case", "type_case", "default_case", "communication_case", "select_statement"})
FUNCTIONS = frozenset({"function_declaration", "method_declaration", "func_literal"})
STRINGS = frozenset({"interpreted_string_literal", "raw_string_literal"})


def package_name(path: str) -> str:
    parts = path.split("/")
    last = parts[-1]
    if len(parts) > 1 and last[:1] == "v" and last[1:].isdigit():
        last = parts[-2]
    return last.split(".")[0].removeprefix("go-")


class Analysis:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.scopes = Scopes()
        self.imports: dict[str, str] = {}
        self.dot_imports: list[str] = []
        self.candidates: list[tuple[Any, Chain]] = []
        self.httptest = False

    def declare_all(self, nodes: Any, chain: Chain, visible_from: int) -> None:
        for node in nodes:
            if node.type == "identifier":
                self.scopes.declare(chain, text(node), visible_from)
            elif node.type == "expression_list":
                self.declare_all(node.named_children, chain, visible_from)

    def visit(self, node: Any, chain: Chain) -> None:
        kind = node.type
        if kind == "import_spec":
            path = string_value(node.child_by_field_name("path"), STRINGS)
            name = node.child_by_field_name("name")
            if path is None:
                return
            if name is None:
                self.imports[package_name(path)] = path
            elif name.type == "dot":
                self.dot_imports.append(path)
            elif name.type == "package_identifier":
                self.imports[text(name)] = path
        elif kind == "short_var_declaration":
            self.declare_all(node.children_by_field_name("left"), chain, node.end_byte)
        elif kind in ("var_spec", "const_spec"):
            self.declare_all(node.children_by_field_name("name"), chain, node.end_byte)
        elif kind in ("parameter_declaration", "variadic_parameter_declaration"):
            self.declare_all(node.children_by_field_name("name"), chain, 0)
        elif kind == "range_clause":
            self.declare_all(node.children_by_field_name("left"), chain, 0)
        elif kind == "type_switch_statement":
            self.declare_all(node.children_by_field_name("alias"), chain, 0)
        elif kind in ("selector_expression", "call_expression", "composite_literal", "qualified_type"):
            self.candidates.append((node, chain))
            if kind == "selector_expression" and self.imports.get(text(node.child_by_field_name("operand") or node)) == \
                    "net/http/httptest" and text(node.child_by_field_name("field") or node).endswith("Server"):
                self.httptest = True  # httptest.NewServer / NewTLSServer / NewUnstartedServer

    def qualify(self, node: Any, chain: Chain) -> str | None:
        if node.type == "selector_expression":
            operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if operand is None or field is None or operand.type != "identifier":
                return None
            package = text(operand)
            if self.scopes.lookup(chain, package, node.start_byte) is not MISSING:
                return None
            path = self.imports.get(package)
            return f"{path}.{text(field)}" if path else None
        if node.type == "qualified_type":
            package, name = node.child_by_field_name("package"), node.child_by_field_name("name")
            path = self.imports.get(text(package)) if package is not None else None
            return f"{path}.{text(name)}" if path and name is not None else None
        if node.type == "identifier" and self.dot_imports:
            name = text(node)
            if self.scopes.lookup(chain, name, node.start_byte) is not MISSING:
                return None
            for path in self.dot_imports:
                if f"{path}.{name}" in API or f"{path}.{name}" in SEEDS or path in (V1, *ENTROPY_PACKAGES):
                    return f"{path}.{name}"
        return None

    def finish(self) -> None:
        gate = SeedGate()
        draws: list[tuple[Any, str, Chain]] = []
        seeds: list[tuple[Any, Any, str, Chain]] = []
        for node, chain in self.candidates:
            if node.type == "call_expression":
                callee = node.child_by_field_name("function")
                if callee is not None and callee.type == "identifier":
                    self.check(callee, chain, draws, seeds)
                continue
            if node.type == "composite_literal" or node.type == "qualified_type" and (
                    node.parent is None or node.parent.type != "composite_literal"):
                continue  # a literal's qualified_type is checked on its own; other types are only types
            self.check(node, chain, draws, seeds)
        for call, args, name, chain in seeds:
            if name == f"{V1}.Seed" and not self.report.seeded_from_entropy(args):
                gate.seeded(function_of(chain), call.start_byte)
            self.report.seed(call, args, f"{text(call.child_by_field_name('function'))}(...)", FIX_SEED)
        for node, name, chain in draws:
            if not gate.covers(function_of(chain), node.start_byte):
                self.report.add(node, GLOBAL_RNG, f"{text(node)}()", FIX_RANDOM + " (or call `rand.Seed(42)` first)",
                                resolved=name)

    def check(self, node: Any, chain: Chain, draws: list[Any], seeds: list[Any]) -> None:
        name = self.qualify(node, chain)
        if name is None:
            return
        package, _, member = name.rpartition(".")
        call = node.parent if node.parent is not None and node.parent.type == "call_expression" else None
        if call is not None and call.child_by_field_name("function") is not None and \
                call.child_by_field_name("function").id != node.id:
            call = None
        args = call.child_by_field_name("arguments") if call is not None else None
        if package == V1 and member in DRAWS_V1:
            draws.append((node, name, chain))
        elif name in SEEDS or name == f"{V1}.Seed":
            if args is not None:
                seeds.append((call, args, name, chain))
        elif package in ENTROPY_PACKAGES:
            what = text(node) + ("()" if call is not None else "")
            self.report.add(node, OS_ENTROPY, what, ENTROPY_PACKAGES[package], resolved=name)
        elif name in COMMANDS:
            if args is not None:
                values = [a for a in args.named_children if a.type != "comment"][COMMANDS[name]:]
                tool = network_tool([string_value(v, STRINGS) for v in values])
                if tool:
                    self.report.add(call, NETWORK_TOOL, f"{text(node)}(\"{tool}\", ...)", FIX_TOOL, resolved=name)
        elif name in API:
            code, fix = API[name]
            if code == NETWORK and self.httptest:
                return
            what = text(node.parent) if node.type == "qualified_type" else text(node) + ("()" if call is not None else "")
            self.report.add(node, code, what, fix, resolved=name)


def function_of(chain: Chain) -> int | None:
    found = enclosing(chain, FUNCTIONS)
    return found[0] if found is not None and found[1] in FUNCTIONS else None


def analyse_tree(root: Any, report: Report, language: str) -> None:
    analysis = Analysis(report)
    walk(root, SCOPES, analysis.visit)
    analysis.finish()
