"""Line and column of a value in a loaded JSON or YAML document, without a slow second parse.

A finding points at `path:line:col`, but a document is loaded by a fast parser that forgets
where things were. Locating must cost microseconds, whatever the number of findings:

- JSON (`json_at`): the path is followed through the text itself. Keys are read with the json
  module's C string scanner and every sibling value that is not on the path is skipped with its
  C decoder, so one lookup costs a C-speed pass over at most the text before the value, and
  nothing is kept between lookups.
- YAML (`YamlPositions`): the document's node tree, composed once by the C parser (the same one
  that loads it: see `loaders.load_yaml`, which keeps the root node), is indexed on the first
  lookup; later lookups are dictionary reads.

Both follow `path` (keys and list indexes) as far as it exists and answer the position of the
deepest node reached (1:1 when nothing is), of its key with `key=True` when the whole path
exists. Lines and columns are 1-based; columns count characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# locate(path, key) -> (line, column): how a rule asks where a value is.
Locate = Callable[[tuple[Any, ...], bool], tuple[int, int]]

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def json_at(text: str, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """Position in JSON `text` of the value at `path` (of its key with `key`)."""
    try:
        offset = _json_offset(text, path, key)
    except (IndexError, ValueError, StopIteration):
        offset = None  # not JSON after all: the caller reported that already
    return line_col(text, offset) if offset is not None else (1, 1)


def _json_offset(text: str, path: tuple[Any, ...], key: bool) -> int | None:
    idx = _WS.match(text, 0).end()
    if idx >= len(text):
        return None
    best = idx
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        opener = text[idx]
        if opener == "{" and isinstance(step, str):
            found = _json_member(text, idx, step)
            if found is None:
                return best
            key_at, idx = found
            best = key_at if (key and last) else idx
        elif opener == "[" and isinstance(step, int) and not isinstance(step, bool) and step >= 0:
            found_item = _json_item(text, idx, step)
            if found_item is None:
                return best
            idx = best = found_item
        else:
            return best
    return best


def _json_member(text: str, idx: int, wanted: str) -> tuple[int, int] | None:
    """(offset of the key, offset of the value) of member `wanted` of the object at `idx`; the
    last one when a key repeats (as `json.loads` keeps the last)."""
    idx = _WS.match(text, idx + 1).end()
    hit = None
    if text[idx] == "}":
        return None
    while True:
        key_at = idx
        name, idx = _scanstring(text, idx + 1)
        idx = _WS.match(text, idx).end() + 1  # past the colon
        idx = _WS.match(text, idx).end()
        if name == wanted:
            hit = (key_at, idx)
        _value, idx = _DECODER.raw_decode(text, idx)
        idx = _WS.match(text, idx).end()
        if text[idx] != ",":
            return hit
        idx = _WS.match(text, idx + 1).end()


def _json_item(text: str, idx: int, wanted: int) -> int | None:
    """Offset of item `wanted` of the array at `idx`."""
    idx = _WS.match(text, idx + 1).end()
    if text[idx] == "]":
        return None
    for _ in range(wanted):
        _value, idx = _DECODER.raw_decode(text, idx)
        idx = _WS.match(text, idx).end()
        if text[idx] != ",":
            return None
        idx = _WS.match(text, idx + 1).end()
    return idx


class YamlPositions:
    """Positions of every node of a composed YAML document, indexed on first use."""

    def __init__(self, root: Node | None) -> None:
        self._root = root
        self._values: dict[tuple[Any, ...], tuple[int, int]] | None = None
        self._keys: dict[tuple[Any, ...], tuple[int, int]] = {}

    def _index(self) -> dict[tuple[Any, ...], tuple[int, int]]:
        values: dict[tuple[Any, ...], tuple[int, int]] = {}
        if self._root is not None:
            stack: list[tuple[tuple[Any, ...], Node]] = [((), self._root)]
            seen: set[int] = set()
            while stack:
                path, node = stack.pop()
                values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
                if id(node) in seen:
                    continue  # an alias: its children are indexed under the anchor's path
                seen.add(id(node))
                if isinstance(node, MappingNode):
                    for key_node, value_node in node.value:
                        if isinstance(key_node, ScalarNode):
                            child = (*path, key_node.value)
                            self._keys.setdefault(child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                            stack.append((child, value_node))
                elif isinstance(node, SequenceNode):
                    stack.extend(((*path, i), item) for i, item in enumerate(node.value))
        return values

    def at(self, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        if self._values is None:
            self._values = self._index()
        path = tuple(step if isinstance(step, int) and not isinstance(step, bool) else str(step) for step in path)
        if key and path in self._keys:
            return self._keys[path]
        for end in range(len(path), -1, -1):
            hit = self._values.get(path[:end])
            if hit is not None:
                return hit
        return 1, 1
