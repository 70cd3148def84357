"""Java determinism analysis over tree-sitter syntax trees.

Type names are resolved the way javac does within one file: a type declared in the file (or a
type parameter) is the user's; otherwise a single-type import, then `java.lang`, then the
wildcard imports (`import java.util.*;`) for the types this module knows. A name that none of
these explain is a same-package class of the user's (`new Random()` without an import of
`java.util.Random` is not flagged), except for distinctive JDK names (`UUID`, `Instant`,
`LocalDate`, `ThreadLocalRandom`, ...) that snippets often use without their import. Static imports (`import static java.lang.Math.random;`) are
followed unless the class declares a method of that name. Variables are matched by name per
file: a receiver that is a declared field, parameter or local variable is the user's object.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.determinism.rules import CLOCK, ELAPSED_FIX, GLOBAL_RNG, NETWORK, NETWORK_TOOL, OS_ENTROPY, UNSEEDED_RNG
from taskgate.hooks.rules.determinism.treesitter.analyser import FIX_NETWORK, FIX_TOOL, Report, network_tool, string_value, text, walk

FIX_CLOCK = "take a `java.time.Clock` as a parameter (`Clock.fixed(...)` in tests) or use a fixed date such as `LocalDate.of(2020, 1, 1)`"
FIX_RANDOM = "use `new Random(42)` (a constant seed) and pass the generator in as a parameter"
FIX_SHUFFLE = "pass a seeded generator: `Collections.shuffle(list, new Random(42))`"

TIME_TYPES = ("Instant", "LocalDate", "LocalDateTime", "LocalTime", "ZonedDateTime", "OffsetDateTime",
              "OffsetTime", "Year", "YearMonth", "MonthDay")
KNOWN_TYPES = frozenset({
    *(f"java.time.{t}" for t in (*TIME_TYPES, "Clock")),
    "java.util.Random", "java.util.UUID", "java.util.Date", "java.util.Calendar", "java.util.GregorianCalendar",
    "java.util.Collections", "java.util.SplittableRandom", "java.util.concurrent.ThreadLocalRandom",
    "java.util.random.RandomGenerator", "java.security.SecureRandom", "java.net.Socket", "java.net.URL",
    "java.net.InetAddress", "java.net.http.HttpClient", "java.nio.channels.SocketChannel",
    "okhttp3.OkHttpClient", "org.springframework.web.client.RestTemplate", "org.jsoup.Jsoup",
    "org.apache.http.impl.client.HttpClients", "org.apache.hc.client5.http.impl.classic.HttpClients",
})
JAVA_LANG = frozenset({"System", "Math", "StrictMath", "Runtime", "ProcessBuilder"})
# Names distinctive enough to be the JDK class even when a snippet leaves out its import (a
# user's class of that name would be declared in the file or imported from its package).
# `Random` and `Date` are common names for a task's own classes: they need the import.
DEFAULT_TYPES = {name: f"java.time.{name}" for name in (*TIME_TYPES, "Clock")} | {
    "UUID": "java.util.UUID", "ThreadLocalRandom": "java.util.concurrent.ThreadLocalRandom",
    "SecureRandom": "java.security.SecureRandom", "HttpClient": "java.net.http.HttpClient",
    "InetAddress": "java.net.InetAddress", "Collections": "java.util.Collections",
}

# Static methods: qualified name -> (code, fix).
METHODS: dict[str, tuple[str, str]] = {
    "java.lang.System.currentTimeMillis": (CLOCK, FIX_CLOCK),
    "java.lang.System.nanoTime": (CLOCK, ELAPSED_FIX),
    "java.time.Clock.systemUTC": (CLOCK, FIX_CLOCK),
    "java.time.Clock.systemDefaultZone": (CLOCK, FIX_CLOCK),
    "java.time.Clock.system": (CLOCK, FIX_CLOCK),
    "java.util.Calendar.getInstance": (CLOCK, FIX_CLOCK),
    "java.lang.Math.random": (GLOBAL_RNG, FIX_RANDOM),
    "java.lang.StrictMath.random": (GLOBAL_RNG, FIX_RANDOM),
    "java.util.UUID.randomUUID": (OS_ENTROPY, "derive ids from the input, e.g. `UUID.nameUUIDFromBytes(bytes)`"),
    "java.util.concurrent.ThreadLocalRandom.current": (UNSEEDED_RNG, FIX_RANDOM),
    "java.util.random.RandomGenerator.getDefault": (UNSEEDED_RNG, FIX_RANDOM),
    "java.util.random.RandomGenerator.of": (UNSEEDED_RNG, FIX_RANDOM),
    "java.security.SecureRandom.getInstance": (OS_ENTROPY, FIX_RANDOM),
    "java.security.SecureRandom.getInstanceStrong": (OS_ENTROPY, FIX_RANDOM),
    "java.net.http.HttpClient.newHttpClient": (NETWORK, FIX_NETWORK),
    "java.net.http.HttpClient.newBuilder": (NETWORK, FIX_NETWORK),
    "java.net.InetAddress.getByName": (NETWORK, FIX_NETWORK),
    "java.net.InetAddress.getAllByName": (NETWORK, FIX_NETWORK),
    "java.nio.channels.SocketChannel.open": (NETWORK, FIX_NETWORK),
    "org.jsoup.Jsoup.connect": (NETWORK, FIX_NETWORK),
}
for _t in TIME_TYPES:
    METHODS[f"java.time.{_t}.now"] = (CLOCK, FIX_CLOCK)
for _c in ("org.apache.http.impl.client.HttpClients", "org.apache.hc.client5.http.impl.classic.HttpClients"):
    for _m in ("createDefault", "createSystem", "createMinimal", "custom"):
        METHODS[f"{_c}.{_m}"] = (NETWORK, FIX_NETWORK)
# Constructors: type -> (code when constructed without arguments, code with arguments, fix);
# None = fine. "seed" = the arguments are a seed.
CONSTRUCTORS: dict[str, tuple[str | None, str | None, str]] = {
    "java.util.Random": (UNSEEDED_RNG, "seed", FIX_RANDOM),
    "java.util.SplittableRandom": (UNSEEDED_RNG, "seed", FIX_RANDOM),
    "java.util.Date": (CLOCK, None, FIX_CLOCK),
    "java.util.GregorianCalendar": (CLOCK, None, FIX_CLOCK),
    "java.security.SecureRandom": (OS_ENTROPY, OS_ENTROPY, FIX_RANDOM),
    "java.net.Socket": (None, NETWORK, FIX_NETWORK),
    "okhttp3.OkHttpClient": (NETWORK, NETWORK, FIX_NETWORK),
    "org.springframework.web.client.RestTemplate": (NETWORK, NETWORK, FIX_NETWORK),
}
ZONES = ("ZoneId.", "ZoneOffset.", "TimeZone.", "java.time.ZoneId.", "java.time.ZoneOffset.")
STRINGS = frozenset({"string_literal"})
USER_TYPES = ("class_declaration", "interface_declaration", "enum_declaration", "record_declaration",
              "annotation_type_declaration")


class Analysis:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.types: dict[str, str] = {}  # simple name -> qualified, from single-type imports
        self.wildcards: list[str] = []
        self.statics: dict[str, str] = {}
        self.static_wildcards: list[str] = []
        self.user_types: set[str] = set()
        self.methods: set[str] = set()
        self.variables: dict[str, str] = {}  # declared variable -> its type's text
        self.calls: list[Any] = []

    def visit(self, node: Any, chain: Any) -> None:
        kind = node.type
        if kind == "import_declaration":
            self.visit_import(node)
        elif kind in USER_TYPES:
            name = node.child_by_field_name("name")
            if name is not None:
                self.user_types.add(text(name))
        elif kind == "type_parameter":
            self.user_types.update(text(c) for c in node.named_children if c.type == "type_identifier")
        elif kind == "method_declaration":
            name = node.child_by_field_name("name")
            if name is not None:
                self.methods.add(text(name))
        elif kind in ("variable_declarator", "formal_parameter", "catch_formal_parameter", "resource",
                      "enhanced_for_statement", "spread_parameter"):
            name = node.child_by_field_name("name")
            holder = node.parent if kind == "variable_declarator" else node
            kind_node = holder.child_by_field_name("type") if holder is not None else None
            if name is not None:
                self.variables[text(name)] = text(kind_node) if kind_node is not None else ""
        elif kind == "inferred_parameters" or kind == "lambda_expression":
            for child in node.named_children:
                if child.type == "identifier" and kind == "inferred_parameters":
                    self.variables[text(child)] = ""
            params = node.child_by_field_name("parameters") if kind == "lambda_expression" else None
            if params is not None and params.type == "identifier":
                self.variables[text(params)] = ""
        elif kind in ("method_invocation", "object_creation_expression", "method_reference"):
            self.calls.append(node)

    def visit_import(self, node: Any) -> None:
        is_static = any(c.type == "static" for c in node.children)
        path = next((c for c in node.named_children if c.type in ("scoped_identifier", "identifier")), None)
        if path is None:
            return
        name = text(path)
        wildcard = any(c.type == "asterisk" for c in node.named_children)
        if is_static:
            if wildcard:
                self.static_wildcards.append(name)
            else:
                self.statics[name.rsplit(".", 1)[-1]] = name
        elif wildcard:
            self.wildcards.append(name)
        else:
            self.types[name.rsplit(".", 1)[-1]] = name

    # -- resolution ----------------------------------------------------------------------------
    def resolve_type(self, name: str) -> str | None:
        if name in self.user_types:
            return None
        if name in self.types:
            return self.types[name]
        if name in JAVA_LANG:
            return f"java.lang.{name}"
        for package in self.wildcards:
            if f"{package}.{name}" in KNOWN_TYPES:
                return f"{package}.{name}"
        return DEFAULT_TYPES.get(name)

    def qualify(self, node: Any) -> str | None:
        """The qualified name of a type or receiver expression (None for the user's values)."""
        kind = node.type
        if kind in ("identifier", "type_identifier"):
            name = text(node)
            if kind == "identifier" and name in self.variables:
                return None
            return self.resolve_type(name)
        if kind == "generic_type":
            return self.qualify(node.named_children[0]) if node.named_children else None
        if kind in ("field_access", "scoped_identifier", "scoped_type_identifier"):
            parts = text(node).replace(" ", "").split("<", 1)[0]
            head, _, rest = parts.partition(".")
            if head in self.variables:
                return None
            if parts in KNOWN_TYPES or head[:1].islower():
                return parts  # a fully qualified name
            base = self.resolve_type(head)
            return f"{base}.{rest}" if base else None
        if kind == "method_invocation":
            obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
            base = self.qualify(obj) if obj is not None else None
            return f"{base}.{text(name)}" if base and name is not None else None
        return None

    def method_name(self, node: Any) -> str | None:
        if node.type == "method_reference":
            parts = node.named_children
            if len(parts) == 2 and parts[1].type == "identifier":
                base = self.qualify(parts[0])
                return f"{base}.{text(parts[1])}" if base else None
            return None
        obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
        if name is None:
            return None
        method = text(name)
        if obj is None:
            if method in self.methods:
                return None
            if method in self.statics:
                return self.statics[method]
            for owner in self.static_wildcards:
                if f"{owner}.{method}" in METHODS:
                    return f"{owner}.{method}"
            return None
        base = self.qualify(obj)
        return f"{base}.{method}" if base else None

    # -- findings ------------------------------------------------------------------------------
    def finish(self) -> None:
        for node in self.calls:
            if node.type == "object_creation_expression":
                self.construct(node)
            else:
                self.invoke(node)

    def construct(self, node: Any) -> None:
        kind = node.child_by_field_name("type")
        args = node.child_by_field_name("arguments")
        name = self.qualify(kind) if kind is not None else None
        if name is None:
            return
        values = arguments(args)
        if name == "java.lang.ProcessBuilder":
            self.command(node, values, "new ProcessBuilder(...)")
            return
        entry = CONSTRUCTORS.get(name)
        if entry is None:
            return
        without, with_args, fix = entry
        code = with_args if values else without
        what = f"new {text(kind)}({'...' if values else ''})"
        if code == "seed":
            self.report.seed(node, args, what, "seed with a constant, e.g. `new Random(42)`")
        elif code is not None:
            self.report.add(node, code, what, fix, resolved=name if name != text(kind) else None)

    def invoke(self, node: Any) -> None:
        name = self.method_name(node)
        args = node.child_by_field_name("arguments")
        values = arguments(args)
        short = text(node.child_by_field_name("name")) if node.type == "method_invocation" else ""
        what = text(node) if node.type == "method_reference" or args is None else (
            self.report.source[node.start_byte:args.start_byte].decode("utf-8", "replace")
            + ("(...)" if values else "()"))
        if short == "setSeed" and args is not None:
            self.report.seed(node, args, what, "seed with a constant, e.g. `rng.setSeed(42)`")
        if short in ("openConnection", "openStream") and self.uses_url(node):
            self.report.add(node, NETWORK, what, FIX_NETWORK)
            return
        if short == "exec" and name == "java.lang.Runtime.getRuntime.exec" or short == "command" and self.builder(node):
            self.command(node, values, what)
            return
        if name is None:
            return
        if name == "java.util.Collections.shuffle":
            if len(values) == 1:
                self.report.add(node, GLOBAL_RNG, what, FIX_SHUFFLE)
            return
        entry = METHODS.get(name)
        if entry is None:
            return
        code, fix = entry
        if name.endswith(".now") and not self.reads_clock(values):
            return
        self.report.add(node, code, what, fix, resolved=name)

    def reads_clock(self, values: list[Any]) -> bool:
        """`now()` and `now(zone)` read the system clock; `now(clock)` reads the given Clock."""
        if not values:
            return True
        arg = values[0]
        if arg.type == "identifier":
            return self.variables.get(text(arg), "").rsplit(".", 1)[-1] in ("ZoneId", "ZoneOffset")
        return text(arg).startswith(ZONES)

    def builder(self, node: Any) -> bool:
        """Whether `node`'s receiver is a java.lang.ProcessBuilder (a `new` one or a variable)."""
        receiver = node.child_by_field_name("object")
        if receiver is None or self.resolve_type("ProcessBuilder") != "java.lang.ProcessBuilder":
            return False
        if receiver.type == "identifier":
            return self.variables.get(text(receiver), "") in ("ProcessBuilder", "java.lang.ProcessBuilder", "var")
        return "ProcessBuilder" in text(receiver)

    def uses_url(self, node: Any) -> bool:
        receiver = node.child_by_field_name("object")
        if receiver is not None and "URL" in text(receiver):
            return True
        return self.resolve_type("URL") == "java.net.URL"

    def command(self, node: Any, values: list[Any], what: str) -> None:
        argv: list[str | None] = []
        for value in values:
            if value.type == "method_invocation" and text(value.child_by_field_name("name")) in ("of", "asList"):
                argv += [string_value(v, STRINGS) for v in arguments(value.child_by_field_name("arguments"))]
            elif value.type == "array_creation_expression":
                init = value.child_by_field_name("value")
                argv += [string_value(v, STRINGS) for v in (init.named_children if init is not None else [])]
            else:
                argv.append(string_value(value, STRINGS))
        if len(argv) == 1 and argv[0] and " " in argv[0].strip():
            argv = list(argv[0].split())  # Runtime.exec("curl -s url") splits on whitespace
        tool = network_tool(argv)
        if tool:
            self.report.add(node, NETWORK_TOOL, f"{what.split('(', 1)[0]}(\"{tool} ...\")", FIX_TOOL)


def arguments(args: Any) -> list[Any]:
    return [] if args is None else [a for a in args.named_children if "comment" not in a.type]


def analyse_tree(root: Any, report: Report, language: str) -> None:
    analysis = Analysis(report)
    walk(root, frozenset(), analysis.visit)
    analysis.finish()
