"""The target of a network call in a tree-sitter syntax tree, for the loopback judgement.

Renders a call's arguments as templates (`rules.determinism.loopback`): string literals of any of
the grammars (JS/TS template strings with `${...}` unknown), `+` concatenations, `format!` /
`fmt.Sprintf` / `String.format` with their placeholders unknown, JS objects' `host`/`hostname`/
`url` properties, tuples, and names bound once in the file to a string literal (`const HOST =
"127.0.0.1"`, `#define HOST "localhost"`). Anything else is unknown.
"""

from __future__ import annotations

from typing import Any

from taskgate.hooks.rules.determinism import loopback
from taskgate.hooks.rules.determinism.commands import UNKNOWN

_STRING_TYPES = frozenset({
    "string", "string_literal", "template_string", "interpreted_string_literal", "raw_string_literal",
    "raw_string", "text_block",
})
_SUBSTITUTIONS = frozenset({"template_substitution", "interpolation", "substitution"})
_FORMATTERS = frozenset({"format", "Sprintf", "sprintf", "snprintf", "formatted", "concat"})
# Library constants that name a loopback (or, for binds, the any) address.
_ADDRESS_CONSTANTS = {
    "INADDR_LOOPBACK": "127.0.0.1", "in6addr_loopback": "::1", "IN6ADDR_LOOPBACK_INIT": "::1",
    "INADDR_ANY": "0.0.0.0", "LOCALHOST": "127.0.0.1", "getLoopbackAddress": "127.0.0.1",
}
_RESOLVERS = frozenset({"create", "parse", "URL", "URI", "new", "from", "getByName", "getAllByName", "from_str", "ParseIP", "ResolveTCPAddr"})
_HOST_KEYS = frozenset({"host", "hostname", "url", "address", "baseURL", "baseUrl"})
# Calls whose target is not among their arguments: C's socket calls (the address is a struct
# filled elsewhere), libcurl's perform (the URL is an option), Java's URL.openConnection().
_TARGETLESS_C = frozenset({"socket", "connect", "bind", "sendto", "curl_easy_perform", "curl_multi_perform"})
_TARGETLESS = frozenset({"openConnection", "openStream"})


class Targets:
    """Per-file facts for the judgement: names bound to literals, and every literal."""

    def __init__(self, root: Any, source: bytes) -> None:
        self.source = source
        self.constants: dict[str, Any] = {}  # name -> the value node it is bound to once
        self.literals: list[str] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type in _STRING_TYPES:
                self.literals.append(self.string(node))
                continue
            if node.type in ("identifier", "field_identifier") and node.text.decode("utf-8", "replace") in _ADDRESS_CONSTANTS:
                self.literals.append(_ADDRESS_CONSTANTS[node.text.decode("utf-8", "replace")])
            if node.type == "preproc_def":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None:
                    raw = value.text.decode("utf-8", "replace").strip()
                    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
                        self.bind(name, raw[1:-1])
            self.declaration(node)
            stack.extend(node.named_children)

    def bind(self, name_node: Any, value: Any) -> None:
        """`value`: the node bound (a str for a macro's text). A name bound twice has no single value."""
        name = name_node.text.decode("utf-8", "replace")
        self.constants[name] = value if name not in self.constants else None

    def declaration(self, node: Any) -> None:
        kind = node.type
        if kind in ("variable_declarator", "init_declarator", "const_item", "static_item", "let_declaration", "const_spec", "var_spec"):
            name = node.child_by_field_name("name") or node.child_by_field_name("declarator") or node.child_by_field_name("pattern")
            value = node.child_by_field_name("value")
            if value is not None and value.type == "expression_list" and value.named_child_count == 1:
                value = value.named_children[0]
            if name is not None and name.type == "pointer_declarator":  # const char *HOST = "..."
                name = name.child_by_field_name("declarator")
            if name is None or name.type not in ("identifier", "variable_declarator"):
                return
            self.bind(name, value)

    # -- templates -------------------------------------------------------------------------------

    def string(self, node: Any, depth: int = 0) -> str:
        parts: list[str] = []
        pos = node.start_byte
        for child in node.children:
            if child.type in _SUBSTITUTIONS:
                parts.append(self.source[pos:child.start_byte].decode("utf-8", "replace"))
                inner = [c for c in child.named_children if c.type != "comment"]
                # `${HOST}` with HOST bound once to a literal is known; anything else is not.
                known = self.template(inner[0], depth + 1) if len(inner) == 1 and inner[0].type == "identifier" and depth < 4 else UNKNOWN
                parts.append(known)
                pos = child.end_byte
        parts.append(self.source[pos:node.end_byte].decode("utf-8", "replace"))
        raw = "".join(parts)
        start = min((i for i in (raw.find(q) for q in "\"'`") if i >= 0), default=-1)
        if start < 0:
            return raw
        quote = raw[start]
        end = raw.rfind(quote)
        return raw[start + 1:end] if end > start else raw[start + 1:]

    def template(self, node: Any, depth: int = 0) -> str:
        if node is None or depth > 6:
            return UNKNOWN
        kind = node.type
        if kind in _STRING_TYPES:
            return self.string(node, depth)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator is not None and operator.type == "+" and left is not None and right is not None:
                return self.template(left, depth + 1) + self.template(right, depth + 1)
            return UNKNOWN
        if kind == "array_expression" and node.named_child_count == 4:  # SocketAddr::from(([127, 0, 0, 1], port))
            return _dotted(node.named_children)
        if kind in ("unary_expression", "reference_expression", "pointer_expression", "literal_element"):  # &addr, literal parts
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.template(inner[-1], depth + 1) if inner else UNKNOWN
        if kind in ("composite_literal", "literal_value", "struct_expression", "field_initializer_list"):
            keyed = self.keyed(node, depth)  # net.TCPAddr{IP: ..., Port: ...}
            if keyed is not None:
                return keyed
        if kind in ("parenthesized_expression", "tuple_expression", "token_tree", "composite_literal", "literal_value"):
            first = next((c for c in node.named_children if c.type not in ("comment",)), None)
            return self.template(first, depth + 1)
        if kind in ("identifier", "field_identifier", "scoped_identifier", "field_access"):
            name = node.text.decode("utf-8", "replace").rsplit("::", 1)[-1].rsplit(".", 1)[-1]
            if name in _ADDRESS_CONSTANTS:
                return _ADDRESS_CONSTANTS[name]
            value = self.constants.get(name) if kind == "identifier" else None
            if isinstance(value, str):
                return value
            return self.template(value, depth + 1) if value is not None else UNKNOWN
        if kind in ("object", "object_expression"):
            for pair in node.named_children:
                key = pair.child_by_field_name("key")
                if pair.type == "pair" and key is not None and key.text.decode("utf-8", "replace").strip("\"'") in _HOST_KEYS:
                    return self.template(pair.child_by_field_name("value"), depth + 1)
            return UNKNOWN
        if kind in ("macro_invocation", "call_expression", "method_invocation"):
            callee = node.child_by_field_name("macro") or node.child_by_field_name("function") or node.child_by_field_name("name")
            name = callee.text.decode("utf-8", "replace").rsplit(".", 1)[-1].rsplit("::", 1)[-1] if callee is not None else ""
            if name in _FORMATTERS:
                holder = node.child_by_field_name("arguments") or next((c for c in node.named_children if c.type == "token_tree"), None)
                first = next((c for c in holder.named_children if c.type in _STRING_TYPES), None) if holder is not None else None
                return loopback.fill_placeholders(self.string(first)) if first is not None else UNKNOWN
            if name in _ADDRESS_CONSTANTS:
                return _ADDRESS_CONSTANTS[name]
            args = node.child_by_field_name("arguments")
            values = [c for c in args.named_children if c.type != "comment"] if args is not None else []
            if name == "JoinHostPort" and values:  # net.JoinHostPort("localhost", port)
                return self.template(values[0], depth + 1) + ":" + UNKNOWN
            if name in ("IPv4", "new") and len(values) == 4:  # net.IPv4(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 1)
                return _dotted(values)
            if name in _RESOLVERS:  # URI.create("..."), Url::parse("..."), InetAddress.getByName("...")
                return self.first_address(node.child_by_field_name("arguments"), depth)
        if kind in ("object_creation_expression", "new_expression"):  # new URL(path, "http://localhost:3000")
            return self.first_address(node.child_by_field_name("arguments"), depth)
        return UNKNOWN

    def keyed(self, node: Any, depth: int) -> str | None:
        """The host field of a struct literal (`IP:`, `Host:`, `Addr:`), if it has one."""
        body = node.child_by_field_name("body") or node
        for element in body.named_children:
            parts = [c for c in element.named_children if c.type != "comment"]
            if element.type in ("keyed_element", "field_initializer", "pair") and len(parts) >= 2:
                key = parts[0].text.decode("utf-8", "replace").strip("\"'")
                if key in _HOST_KEYS or key in ("IP", "Addr", "Host"):
                    return self.template(parts[-1], depth + 1)
        return None

    def first_address(self, holder: Any, depth: int) -> str:
        """Of a constructor's arguments, the first that names a host (a URL's base), else the first."""
        values = [c for c in holder.named_children if c.type != "comment"] if holder is not None else []
        templates = [self.template(v, depth + 1) for v in values]
        return next((t for t in templates if loopback.host_of(t) is not None), templates[0] if templates else UNKNOWN)


def _dotted(octets: list[Any]) -> str:
    """Four integer literals as a dotted IPv4 address, else UNKNOWN."""
    texts = [o.text.decode("utf-8", "replace").removesuffix("u8") for o in octets]
    return ".".join(texts) if all(t.isdigit() for t in texts) else UNKNOWN


def call_of(node: Any) -> Any:
    """The call whose callee `node` is (or `node` itself when it is a call)."""
    current = node
    for _ in range(5):
        if current is None:
            return None
        args = current.child_by_field_name("arguments")
        if args is not None and node.start_byte < args.start_byte:
            return current
        current = current.parent
    return None


def is_loopback_call(node: Any, name: str, targets: Targets, language: str) -> bool:
    """Whether the network call at `node` (API `name`) talks only to a literal loopback host."""
    bind = loopback.is_bind(name)
    last = name.rstrip("()").replace("::", ".").rsplit(".", 1)[-1]
    call = call_of(node)
    args = call.child_by_field_name("arguments") if call is not None else None
    values = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    templates = [targets.template(v) for v in values]
    if loopback.targets_loopback(templates, bind):
        return True
    if any(loopback.host_of(t) is not None for t in templates):
        return False  # names another host
    targetless = _TARGETLESS_C if language in ("c", "cpp") else _TARGETLESS
    if not values or last in targetless:
        return loopback.names_only_loopback(targets.literals, bind=True)
    return False
