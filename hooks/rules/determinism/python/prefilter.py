"""A sound shortcut for the Python determinism analyser: files that provably cannot produce a
finding are not parsed.

Parsing costs more than reading, and most test and solution files use the watched modules only
in harmless ways (`import random` and `random.Random(31337)`). The analyser judges a callee by
the module it resolves to, and a module reaches a callee only through its name in the source.
So a file needs the analyser only if a watched module's name occurs somewhere other than:

- a plain `import m` / `import m, n` line, or `from m import x` where no `m.x` is watched;
- the head of a dotted chain `m.a.b` that neither is, passes through, nor leads to (is a
  proper prefix of) a watched name - `os.path.join`, `time.sleep`, `datetime.timedelta`;
- a generator constructor called with a plain first argument, `random.Random(31337)`,
  `random.Random(seed)` (never `None`, never starred), or named in an annotation;

or it uses a builtin that needs no import (`hash`, `__import__`). Any other occurrence (an alias,
an argument, a docstring mentioning the module, an unusual spacing) sends the file to the full
analysis: the shortcut may only ever answer "nothing to find" when that is certain.
"""

from __future__ import annotations

import re

from taskgate.hooks.rules.determinism.python.catalog import CATALOG, ENTROPY_LIKE

_WATCHED = set(CATALOG) | set(ENTROPY_LIKE) | {"importlib.import_module", "importlib.__import__", "sys.modules"}
_WATCHED = {name for name in _WATCHED if not name.startswith("builtins.")}
_PREFIXES = {".".join(name.split(".")[:i]) for name in _WATCHED for i in range(1, name.count(".") + 1)}
MODULES = frozenset(name.split(".", 1)[0] for name in _WATCHED)
MODULES_BYTES = frozenset(m.encode() for m in MODULES)
_CTORS = frozenset(name for name, spec in CATALOG.items() if spec.kind == "ctor")
_BUILTINS = re.compile(rb"\b(?:hash|__import__)\b")
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_IMPORT = re.compile(rb"[ \t]*import[ \t]+[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*(?:#[^\n]*)?")
_FROM_IMPORT = re.compile(
    rb"[ \t]*from[ \t]+(?P<module>[\w.]+)[ \t]+import[ \t]+\(?(?P<names>[\w \t,]+?)\)?[ \t]*,?[ \t]*(?:#[^\n]*)?")
_CHAIN = re.compile(rb"(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_OPERAND = rb"(?:\d[\d_]*|(?!None\b)[A-Za-z_][\w.]*)"
# A first argument that is a number, a name, or arithmetic of them: `(31337)`, `(9000 + seed)`.
_SEEDED_CALL = re.compile(rb"\([ \t]*" + _OPERAND + rb"(?:[ \t]*(?:\+|-|\*|//|%)[ \t]*" + _OPERAND + rb")*[ \t]*[,)]")
_ANNOTATION_BEFORE = re.compile(rb"(?::|->|\[|\|)[ \t]*$")
_ANNOTATION_AFTER = re.compile(rb"[ \t]*(?:[,)\]=|:\r\n]|\Z)")


def needs_analysis(source: bytes) -> bool:
    """False only when the analyser certainly finds nothing in `source`."""
    if b"hash" in source and _BUILTINS.search(source) or b"__import__" in source:
        return True
    imported = _imported_modules(source)
    for module in imported:
        word = module.encode()
        at = source.find(word)
        while at >= 0:
            end = at + len(word)
            before = source[at - 1: at] if at else b" "
            after = source[end: end + 1]
            bounded = not (before.isalnum() or before in b"_.") and not (after.isalnum() or after == b"_")
            if bounded and not _harmless(source, at, end):
                return True
            at = source.find(word, end)
    return False


def _imported_modules(source: bytes) -> set[str]:
    """Watched modules named by an import statement (or what might be one)."""
    found: set[str] = set()
    at = source.find(b"import")
    while at >= 0:
        line_start = source.rfind(b"\n", 0, at) + 1
        line_end = source.find(b"\n", at)
        line_end = len(source) if line_end < 0 else line_end
        while line_end < len(source) and source[line_start:line_end].rstrip(b"\r").endswith(b"\\"):
            nxt = source.find(b"\n", line_end + 1)  # a backslash continuation joins the next line
            line_end = len(source) if nxt < 0 else nxt
        head = source[line_start:at].lstrip()
        if not head or head.startswith(b"from") or b";" in head or b":" in head:
            found.update(w for w in _WORD.findall(source[line_start:line_end]) if w in MODULES_BYTES)
        at = source.find(b"import", line_end)
    return {w.decode() for w in found}


def _harmless(source: bytes, start: int, end: int) -> bool:
    line_start = source.rfind(b"\n", 0, start) + 1
    line_end = source.find(b"\n", end)
    line = source[line_start: len(source) if line_end < 0 else line_end]
    if _PLAIN_IMPORT.fullmatch(line):
        return True
    found = _FROM_IMPORT.fullmatch(line)
    if found and found.start("module") == start - line_start:
        module = found.group("module").decode()
        imported = [part.split()[0].decode() for part in found.group("names").split(b",") if part.strip()]
        return "*" not in imported and all(_harmless_name(f"{module}.{name}") for name in imported)
    chain_end = _CHAIN.match(source, end).end()
    chain = source[start:chain_end].decode()
    if _harmless_name(chain):
        return True
    if chain in _CTORS:
        if _SEEDED_CALL.match(source, chain_end):
            return True
        if _ANNOTATION_BEFORE.search(source, line_start, start) and _ANNOTATION_AFTER.match(source, chain_end):
            return True
    return False


def _harmless_name(dotted: str) -> bool:
    """Neither watched, nor through a watched name, nor a module/class leading to one."""
    parts = dotted.split(".")
    return dotted not in _PREFIXES and not any(".".join(parts[:i]) in _WATCHED for i in range(1, len(parts) + 1))
