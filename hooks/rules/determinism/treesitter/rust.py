"""Rust determinism analysis over tree-sitter syntax trees.

Paths are resolved through the file's `use` declarations (lists, `as` renames, `self`, globs
such as `use rand::prelude::*`); a path whose first segment the file defines itself (a fn,
struct, enum, trait, type or mod) is the user's. A first segment that nothing in the file
explains (it came from a glob of another module, `use super::*`) is taken to be the well-known
item of that name (`Instant`, `SystemTime`, `OsRng`, ...). Macro arguments (`assert_eq!(...)`,
`println!(...)`) are token trees to tree-sitter; they are re-parsed as an expression and
analysed with the file's imports. `use` declarations are collected for the whole file, not per
module.
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
    TIME_UUID,
    UNSEEDED_RNG,
)
from taskgate.hooks.rules.determinism.treesitter.analyser import (
    without_generics,
    FIX_NETWORK,
    FIX_TOOL,
    Report,
    network_tool,
    parser_for,
    string_value,
    text,
    walk,
)

FIX_CLOCK = "take the time as a parameter or use a fixed value such as `UNIX_EPOCH + Duration::from_secs(0)`"
FIX_RANDOM = "use `StdRng::seed_from_u64(7)` (a constant seed) and pass the generator in"
FIX_UUID = "derive ids from the input, e.g. `Uuid::new_v5(&namespace, data)`"

API: dict[str, tuple[str, str]] = {
    "std::time::Instant::now": (CLOCK, ELAPSED_FIX),
    "std::time::SystemTime::now": (CLOCK, FIX_CLOCK),
    "tokio::time::Instant::now": (CLOCK, ELAPSED_FIX),
    "chrono::Utc::now": (CLOCK, FIX_CLOCK),
    "chrono::Local::now": (CLOCK, FIX_CLOCK),
    "chrono::Utc::today": (CLOCK, FIX_CLOCK),
    "chrono::Local::today": (CLOCK, FIX_CLOCK),
    "time::OffsetDateTime::now_utc": (CLOCK, FIX_CLOCK),
    "time::OffsetDateTime::now_local": (CLOCK, FIX_CLOCK),
    "time::Instant::now": (CLOCK, ELAPSED_FIX),
    "rand::thread_rng": (UNSEEDED_RNG, FIX_RANDOM),
    "rand::rng": (UNSEEDED_RNG, FIX_RANDOM),
    "rand::rngs::ThreadRng::default": (UNSEEDED_RNG, FIX_RANDOM),
    "fastrand::Rng::new": (UNSEEDED_RNG, FIX_RANDOM),
    "rand::random": (GLOBAL_RNG, FIX_RANDOM),
    "rand::random_range": (GLOBAL_RNG, FIX_RANDOM),
    "rand::random_bool": (GLOBAL_RNG, FIX_RANDOM),
    "rand::rngs::OsRng": (OS_ENTROPY, FIX_RANDOM),
    "getrandom::getrandom": (OS_ENTROPY, FIX_RANDOM),
    "getrandom::fill": (OS_ENTROPY, FIX_RANDOM),
    "getrandom::u32": (OS_ENTROPY, FIX_RANDOM),
    "getrandom::u64": (OS_ENTROPY, FIX_RANDOM),
    "uuid::Uuid::new_v4": (OS_ENTROPY, FIX_UUID),
}
for _name in ("new_v1", "now_v1", "new_v6", "now_v6", "new_v7", "now_v7"):
    API[f"uuid::Uuid::{_name}"] = (TIME_UUID, FIX_UUID)
for _name in ("std::net::TcpStream::connect", "std::net::TcpStream::connect_timeout", "tokio::net::TcpStream::connect",
              "tokio::net::lookup_host", "reqwest::get", "reqwest::Client::new", "reqwest::Client::builder",
              "reqwest::blocking::get", "reqwest::blocking::Client::new", "reqwest::blocking::Client::builder",
              "ureq::get", "ureq::post", "ureq::put", "ureq::delete", "ureq::head", "ureq::request", "ureq::agent",
              "ureq::Agent::new", "ureq::AgentBuilder::new", "surf::get", "surf::post", "attohttpc::get",
              "attohttpc::post", "isahc::get", "isahc::post", "minreq::get", "minreq::post", "curl::easy::Easy::new",
              "hyper::Client::new", "hyper::Client::builder", "dns_lookup::lookup_host"):
    API[_name] = (NETWORK, FIX_NETWORK)
FASTRAND_SEEDED = frozenset({"seed", "Rng", "get_seed"})
ENTROPY_SEEDERS = frozenset({"from_entropy", "from_os_rng", "try_from_os_rng"})
SEEDERS = frozenset({"seed_from_u64", "from_seed", "from_rng", "seed"})
COMMANDS = frozenset({"std::process::Command::new", "tokio::process::Command::new"})
# Rewrites of path prefixes (re-exports) to the canonical path.
ALIASES = {"rand::prelude": "rand", "rand_core::OsRng": "rand::rngs::OsRng", "rand::OsRng": "rand::rngs::OsRng",
           "rand_core::os::OsRng": "rand::rngs::OsRng", "rand::rngs::adapter": "rand::rngs",
           "chrono::offset": "chrono", "chrono::prelude": "chrono", "core::time": "std::time",
           "rand::rngs::ThreadRng": "rand::rngs::ThreadRng", "rand::ThreadRng": "rand::rngs::ThreadRng"}
# What an unexplained first segment is taken to be.
DEFAULT_HOMES = {"Instant": "std::time::Instant", "SystemTime": "std::time::SystemTime", "Utc": "chrono::Utc",
                 "Local": "chrono::Local", "OsRng": "rand::rngs::OsRng", "thread_rng": "rand::thread_rng",
                 "TcpStream": "std::net::TcpStream", "Command": "std::process::Command", "Uuid": "uuid::Uuid",
                 "OffsetDateTime": "time::OffsetDateTime", "StdRng": "rand::rngs::StdRng",
                 "SmallRng": "rand::rngs::SmallRng"}
_ALIAS_HEADS = frozenset(key.split("::", 1)[0] for key in ALIASES)
# Identifiers that can start or end a path this module reports: a macro whose token tree has
# none of them (nor a name the file imports) is not re-parsed.
WORDS = frozenset({part for key in (*API, *COMMANDS, *DEFAULT_HOMES) for part in key.split("::")}
                  | ENTROPY_SEEDERS | SEEDERS | {"fastrand", "OsRng"})
ITEMS = frozenset({"function_item", "struct_item", "enum_item", "trait_item", "type_item", "mod_item",
                   "const_item", "static_item", "union_item", "function_signature_item"})
PATTERN_PARENTS = frozenset({"let_declaration", "parameter", "closure_parameters", "tuple_pattern", "match_pattern",
                             "struct_pattern", "tuple_struct_pattern", "field_pattern", "slice_pattern",
                             "use_declaration", "use_list", "scoped_use_list", "use_as_clause", "or_pattern"})
STRINGS = frozenset({"string_literal", "raw_string_literal"})
PATHS = frozenset({"identifier", "scoped_identifier", "generic_function"})
_PREFIX = b"fn __taskgate_macro() {("


def plain(path: str) -> list[str]:
    """`::std::time::Instant::<T>::now` -> ["std", "time", "Instant", "now"]."""
    return [p for p in without_generics(path).removeprefix("::").split("::") if p]


def canonical(parts: list[str]) -> str:
    path = "::".join(parts)
    if parts[0] not in _ALIAS_HEADS:
        return path
    for old, new in ALIASES.items():
        if path == old or path.startswith(old + "::"):
            path = new + path[len(old):]
    return path


class Context:
    """What the whole file declares: used by the file's analysis and by its macro fragments."""

    def __init__(self) -> None:
        self.uses: dict[str, str] = {}
        self.globs: list[str] = []
        self.items: set[str] = set()
        self.locals: set[str] = set()

    def collect_use(self, node: Any, prefix: str) -> None:
        kind = node.type
        if kind in ("identifier", "scoped_identifier", "crate", "super", "self"):
            full = "::".join(p for p in (prefix, "::".join(plain(text(node)))) if p)
            if kind == "self":
                full = prefix
            name = full.rsplit("::", 1)[-1]
            self.uses[name] = full
        elif kind == "use_as_clause":
            path, alias = node.child_by_field_name("path"), node.child_by_field_name("alias")
            if path is not None and alias is not None:
                self.uses[text(alias)] = "::".join(p for p in (prefix, "::".join(plain(text(path)))) if p)
        elif kind == "use_wildcard":
            inner = node.named_children[0] if node.named_children else None
            self.globs.append("::".join(p for p in (prefix, "::".join(plain(text(inner))) if inner else "") if p))
        elif kind == "scoped_use_list":
            path = node.child_by_field_name("path")
            deeper = "::".join(p for p in (prefix, "::".join(plain(text(path))) if path is not None else "") if p)
            lst = node.child_by_field_name("list")
            for child in lst.named_children if lst is not None else []:
                self.collect_use(child, deeper)
        elif kind == "use_list":
            for child in node.named_children:
                self.collect_use(child, prefix)

    def resolve(self, parts: list[str]) -> str | None:
        if not parts:
            return None
        head = parts[0]
        if head in ("crate", "self", "super") or head in self.items:
            return None
        if head in self.uses:
            full = self.uses[head].split("::") + parts[1:]
            return None if full[0] in ("crate", "self", "super") else canonical(full)
        for glob in self.globs:
            candidate = canonical(glob.split("::") + parts)
            if known(candidate):
                return candidate
        if head in DEFAULT_HOMES:
            return canonical(DEFAULT_HOMES[head].split("::") + parts[1:])
        return canonical(parts)


def known(path: str) -> bool:
    last = path.rsplit("::", 1)[-1]
    return path in API or path in COMMANDS or path.startswith("rand::rngs::OsRng") or last in ENTROPY_SEEDERS \
        or path.startswith("fastrand::")


class Analysis:
    def __init__(self, report: Report, context: Context) -> None:
        self.report = report
        self.context = context
        self.paths: list[Any] = []
        self.inner: set[int] = set()
        self.macros: list[Any] = []

    def visit(self, node: Any, chain: Any) -> None:
        kind = node.type
        if kind == "use_declaration":
            argument = node.child_by_field_name("argument")
            if argument is not None:
                self.context.collect_use(argument, "")
            self.inner.update(c.id for c in node.named_children)
            return
        if kind in ITEMS:
            name = node.child_by_field_name("name")
            if name is not None:
                self.context.items.add(text(name))
        elif kind in ("let_declaration", "parameter", "closure_parameters"):
            target = node.child_by_field_name("pattern") if kind != "closure_parameters" else node
            for ident in _identifiers(target):
                self.context.locals.add(text(ident))
        elif kind == "macro_invocation":
            self.macros.append(node)
        elif kind in ("scoped_identifier", "generic_function"):
            for child in node.named_children:
                self.inner.add(child.id)
        if kind in PATHS and node.id not in self.inner:
            self.paths.append(node)
        if node.id in self.inner:
            self.inner.update(c.id for c in node.named_children)

    def finish(self) -> None:
        seeds = []
        for node in self.paths:
            parent = node.parent
            called = parent is not None and parent.type == "call_expression" and _is(parent.child_by_field_name("function"), node)
            if node.type == "identifier":
                if parent is None or text(node) in self.context.locals or parent.type in PATTERN_PARENTS and not (
                        parent.type == "let_declaration" and _is(parent.child_by_field_name("value"), node)):
                    continue
                name = text(node)
                if not called and (name != "OsRng" and not self.context.uses.get(name, "").endswith("OsRng")
                                   or self.context.resolve([name]) != "rand::rngs::OsRng"):
                    continue
            target = node.child_by_field_name("function") if node.type == "generic_function" else node
            path = self.context.resolve(plain(text(target))) if target is not None else None
            if path is None:
                continue
            last = path.rsplit("::", 1)[-1]
            what = text(target) + ("()" if called else "")
            args = parent.child_by_field_name("arguments") if called else None
            if path in COMMANDS and called:
                self.command(parent, what)
            elif last in ENTROPY_SEEDERS and called:
                self.report.add(parent, ENTROPY_SEED, what, "seed with a constant, e.g. `StdRng::seed_from_u64(7)`",
                                resolved=path)
            elif last in SEEDERS and called and args is not None:
                seeds.append((parent, args, what.removesuffix("()") + "(...)"))
            elif path.startswith("fastrand::") and path.split("::")[1] not in FASTRAND_SEEDED:
                self.report.add(node, GLOBAL_RNG, what, "use `fastrand::Rng::with_seed(7)` and pass it in", resolved=path)
            elif path in API or path.startswith("rand::rngs::OsRng"):
                code, fix = API.get(path, API["rand::rngs::OsRng"])
                if API.get(path) is None and path != "rand::rngs::OsRng" and code != OS_ENTROPY:
                    continue
                self.report.add(node, code, what, fix, resolved=path)
        for call, args, what in seeds:
            self.report.seed(call, args, what, "seed with a constant, e.g. `StdRng::seed_from_u64(7)`")
        for macro in self.macros:
            self.expand(macro)

    def command(self, call: Any, what: str) -> None:
        args = call.child_by_field_name("arguments")
        argv = [string_value(a, STRINGS) for a in (args.named_children if args is not None else [])][:1]
        node = call
        while node.parent is not None and node.parent.type == "field_expression" and \
                node.parent.parent is not None and node.parent.parent.type == "call_expression":
            field = node.parent.child_by_field_name("field")
            node = node.parent.parent
            method = text(field) if field is not None else ""
            values = node.child_by_field_name("arguments")
            items = values.named_children if values is not None else []
            if method == "arg" and items:
                argv.append(string_value(items[0], STRINGS))
            elif method == "args" and items:
                array = items[0]
                while array.type == "reference_expression" and array.child_by_field_name("value") is not None:
                    array = array.child_by_field_name("value")
                if array.type == "array_expression":
                    argv += [string_value(v, STRINGS) for v in array.named_children]
                else:
                    argv.append(None)
        tool = network_tool(argv)
        if tool:
            self.report.add(call, NETWORK_TOOL, f"{what.removesuffix('()')}(\"{tool}\")", FIX_TOOL)

    def expand(self, macro: Any) -> None:
        """Re-parse a macro's token tree as an expression and analyse it with the file's names."""
        tree = next((c for c in macro.named_children if c.type == "token_tree"), None)
        if tree is None or not self.mentions_api(tree):
            return
        body = self.report.source[tree.start_byte + 1:max(tree.end_byte - 1, tree.start_byte + 1)]
        fragment = _PREFIX + body + b");}"
        sub = Report(fragment)
        analysis = Analysis(sub, self.context)
        walk(parser_for("rust").parse(fragment).root_node, frozenset(), analysis.visit)
        analysis.finish()
        row, byte_col = tree.start_point
        column = self.report.char_column(row, byte_col + 1) - len(_PREFIX)
        self.report.place(sub.hits(), row, column)


    def mentions_api(self, tree: Any) -> bool:
        stack = [tree]
        while stack:
            node = stack.pop()
            if node.type == "identifier":
                name = text(node)
                if name in WORDS or name in self.context.uses:
                    return True
            elif node.named_child_count:
                stack.extend(node.named_children)
        return False


def _identifiers(node: Any) -> list[Any]:
    if node is None:
        return []
    if node.type == "identifier":
        return [node]
    out = []
    for child in node.named_children:
        if child.type not in ("type_identifier", "primitive_type"):
            out += _identifiers(child)
    return out


def _is(a: Any, b: Any) -> bool:
    return a is not None and a.id == b.id


def analyse_tree(root: Any, report: Report, language: str) -> None:
    context = Context()
    analysis = Analysis(report, context)
    walk(root, frozenset(), analysis.visit)
    analysis.finish()
