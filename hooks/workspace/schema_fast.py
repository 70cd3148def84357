"""A compiled fast path for JSON Schema validation: "this document is valid", answered quickly.

Validating a task.yaml with the `jsonschema` package takes about 0.3 ms, a calibration.json
about 1.4 ms: the largest share of a cold check of a big repository. `jsonschema-rs` (a
compiled validator of the same drafts) answers `is_valid` in microseconds. It is only ever a
gate: when it says "valid" and the document holds nothing on which the two could disagree,
there are no problems to report; otherwise `schema.validate` runs `jsonschema` as before, which
alone words the problems and locates them. So a divergence can only cost time, except where
jsonschema-rs would accept what `jsonschema` rejects; the guard below rules out the known cases:

- regular expressions: `jsonschema` uses Python's `re`, jsonschema-rs ECMA-262 semantics.
  They differ on non-ASCII text (`\\d`, `\\w`, `\\s` are Unicode-aware in Python) and on ASCII
  control characters (`\\s` in Python also matches \\x1c-\\x1f), so any string, key or value,
  holding a non-ASCII character or a control character other than tab, newline and carriage
  return skips the gate. On the rest, ECMA is never the more permissive (`.` and `$` are
  stricter);
- numbers: integers beyond 64 bits and non-finite floats skip the gate;
- anything that is not plain JSON data (a date, a tuple) skips the gate.

Without jsonschema-rs installed (no wheel for the platform) every document takes the slow path.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from typing import Any

_UNSAFE_CHARS = re.compile(r"[^\t\n\r\x20-\x7e]")
_MAX_INT = 2**63 - 1


@functools.lru_cache(maxsize=32)
def _compiled(schema_json: str) -> Callable[[Any], bool] | None:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - no wheel for this platform
        return None
    try:
        return jsonschema_rs.validator_for(json.loads(schema_json), validate_formats=True, offline=True).is_valid
    except Exception:  # an unsupported schema: always take the slow path
        return None


def _plain(value: Any, depth: int = 0) -> bool:
    """JSON data on which jsonschema-rs and jsonschema are known to agree."""
    if depth > 64:
        return False
    kind = type(value)
    if kind is str:
        return _UNSAFE_CHARS.search(value) is None
    if kind is dict:
        return all(type(k) is str and _UNSAFE_CHARS.search(k) is None and _plain(v, depth + 1) for k, v in value.items())
    if kind is list:
        return all(_plain(v, depth + 1) for v in value)
    if kind is bool or value is None:
        return True
    if kind is int:
        return -_MAX_INT <= value <= _MAX_INT
    if kind is float:
        return math.isfinite(value)
    return False


def certainly_valid(data: Any, schema_json: str) -> bool:
    """True only when `data` is valid and `jsonschema` would find no problem with it."""
    check = _compiled(schema_json)
    if check is None or not _plain(data):
        return False
    try:
        return bool(check(data))
    except Exception:  # a value jsonschema-rs cannot convert: the slow path decides
        return False
