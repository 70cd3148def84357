"""Loading YAML and JSON without ever letting bad input raise.

Every loader returns a `Loaded` value: either data, or a `LoadError` with a 1-based position and
a message fit for a finding. YAML is composed once by the C parser into a node tree that keeps
positions (kept in `Loaded.where`), then constructed into plain data; JSON is parsed by the json module.
`Loaded.locate(path, key)` answers a position from that one parse (see `workspace/positions.py`):
a document is never parsed again to place a finding.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # pragma: no cover - no C extension on this interpreter
    CParser = None

from taskgate.hooks.workspace.positions import YamlPositions, json_at

# Bound on the nodes of a loaded document, counted with aliases expanded: a "billion laughs"
# document of a few hundred bytes must not make validation run for hours.
MAX_NODES = 100_000


@dataclass(frozen=True)
class LoadError:
    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Loaded:
    data: Any = None
    error: LoadError | None = None
    # Where values are: YamlPositions of the composed tree, or the JSON text; None when unknown.
    where: YamlPositions | str | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def locate(self, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path` (of its key with `key`); see positions.py."""
        if isinstance(self.where, YamlPositions):
            return self.where.at(path, key)
        if isinstance(self.where, str):
            return json_at(self.where, path, key)
        return 1, 1


def decode_text(raw: bytes) -> str | LoadError:
    """UTF-8 text with a BOM tolerated, or the reason it is not text."""
    if b"\0" in raw:
        return LoadError("is a binary file (contains NUL bytes); expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return LoadError(f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col)
    return text


def _safe_yaml() -> YAML:
    try:
        return YAML(typ="safe", pure=False)
    except Exception:  # pragma: no cover - no C extension on this interpreter
        return YAML(typ="safe", pure=True)


_SAFE = _safe_yaml()


class _Resolver(VersionedResolver):
    """ruamel.yaml's YAML 1.2 resolver with its table built once per YAML version rather than per
    document, and without re-reading the document's version for every scalar (most of a small
    document's load time). It answers exactly as `VersionedResolver` does; the table is read,
    never extended (ruamel's `resolve` appends to its own per-document lists)."""

    _tables: dict[Any, dict[Any, tuple[tuple[Any, Any], ...]]] = {}

    @classmethod
    def _table_for(cls, version: Any) -> dict[Any, tuple[tuple[Any, Any], ...]]:
        table = cls._tables.get(version)
        if table is None:
            by_first: dict[Any, list[tuple[Any, Any]]] = {}
            for versions, tag, regexp, first in implicit_resolvers:
                if version in versions:
                    for ch in first or [None]:
                        by_first.setdefault(ch, []).append((tag, regexp))
            rest = by_first.get(None, [])
            table = {ch: tuple(found + rest) for ch, found in by_first.items() if ch is not None}
            table[None] = tuple(rest)
            cls._tables[version] = table
        return table

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            table = self.__dict__.get("_table")
            if table is None:
                version = self.processing_version  # known once the document's directives are read
                table = self._table = self._table_for(tuple(map(int, version.split("."))) if isinstance(version, str) else version)
            for tag, regexp in table.get(value[:1], table[None]):
                if regexp.match(value):
                    return Tag(suffix=tag)
            implicit = (False, implicit[1])
        return VersionedResolver.resolve(self, kind, value, implicit)


def _loader_class() -> type | None:
    """What `YAML(typ="safe", pure=False)` builds for every document (C reader, scanner, parser
    and composer; the safe constructor), built once, with the resolver above."""
    if CParser is None:
        return None

    class Loader(CParser, SafeConstructor, _Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            SafeConstructor.__init__(self, loader=self)
            self.allow_duplicate_keys = _SAFE.allow_duplicate_keys
            _Resolver.__init__(self, version=_SAFE.version, loadumper=self)

    return Loader


_LOADER = _loader_class()


def _plain(value: Any, budget: list[int]) -> Any:
    """Dates become ISO strings (schemas treat them as strings); the size budget is enforced."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else str(k)): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, budget) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


class _TooBig(Exception):
    pass


class _Unusual(Exception):
    """A node the direct construction below leaves to ruamel's constructor."""


_CORE = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _CORE + "str", _CORE + "map", _CORE + "seq"


def _plain_of(constructor: Any, node: Any, budget: list[int]) -> Any:
    """What `_plain(constructor.construct_document(node))` gives, built straight from the node tree
    for the usual shapes (mappings with plain string keys, sequences, strings); other scalars go
    through the constructor one by one; anything else (merge keys, a repeated key, a non-string
    key, an explicit tag) raises `_Unusual`, and the whole document is constructed by ruamel."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    tag = node.ctag
    suffix = tag.suffix if tag is not None and tag.handle is None else None
    kind = type(node)
    if kind is ScalarNode:
        if suffix == _STR:
            return node.value
        if suffix is None or not suffix.startswith(_CORE):
            raise _Unusual
        budget[0] += 1  # `_plain` counts it
        return _plain(constructor.construct_object(node, deep=True), budget)
    if kind is MappingNode and suffix == _MAP:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_tag = key_node.ctag
            if type(key_node) is not ScalarNode or key_tag is None or key_tag.handle is not None or key_tag.suffix != _STR or key_node.value in out:
                raise _Unusual
            out[key_node.value] = _plain_of(constructor, value_node, budget)
        return out
    if kind is SequenceNode and suffix == _SEQ:
        return [_plain_of(constructor, item, budget) for item in node.value]
    raise _Unusual


def _mark_error(exc: Exception, what: str) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, MarkedYAMLError) and exc.context and exc.problem:
        problem = f"{exc.context}: {exc.problem}" if "found duplicate key" not in exc.problem else exc.problem
    if mark is not None:
        return LoadError(f"{what}: {problem}", mark.line + 1, mark.column + 1)
    return LoadError(f"{what}: {problem}")


def load_yaml(text: str) -> Loaded:
    """Parse one YAML document into plain Python data (dict, list, str, int, float, bool, None),
    keeping its node tree for positions."""
    if _LOADER is not None:
        constructor = parser = composer = _LOADER(text)
    else:  # pragma: no cover - no C extension on this interpreter
        constructor, parser = _SAFE.get_constructor_parser(text)
        composer = _SAFE.composer
    try:
        nodes = []
        while composer.check_node():
            nodes.append(composer.get_node())
            if len(nodes) > 1:
                return Loaded(error=LoadError("invalid YAML: expected one document, found several"))
        try:
            try:
                data = _plain_of(constructor, nodes[0], [MAX_NODES]) if nodes else None
            except _Unusual:
                data = _plain(constructor.construct_document(nodes[0]), [MAX_NODES])
        except (_TooBig, RecursionError):
            return Loaded(error=LoadError(f"document too large: more than {MAX_NODES} nodes once aliases are expanded"))
    except RecursionError:
        return Loaded(error=LoadError("invalid YAML: nested too deeply"))
    except Exception as exc:  # ruamel raises many error types; all mean "not valid YAML"
        return Loaded(error=_mark_error(exc, "invalid YAML"))
    finally:
        parser.dispose()
    return Loaded(data=data, where=YamlPositions(nodes[0] if nodes else None))


def load_json(text: str) -> Loaded:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return Loaded(error=LoadError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno))
    except (ValueError, RecursionError) as exc:
        return Loaded(error=LoadError(f"invalid JSON: {exc}" if str(exc) else "invalid JSON: nested too deeply"))
    return Loaded(data=data, where=text)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
