"""Python values as tagged JSON: the serialisation boundary of differential testing.

Stdlib only: this module is also copied into the sandbox beside `driver.py`. Encoding is exact
about types — a `list` subclass, an object with a custom `__eq__` or a `bool` standing in for an
`int` does not encode like the real thing — so a value can only compare equal to the ground
truth's by being the same plain data. Floats compare with a tight tolerance (documented in
docs/difftest.md), NaN equal to NaN.
"""

from __future__ import annotations

import math
from typing import Any

MAX_DEPTH = 64
MAX_ITEMS = 100_000


def encode(value: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """`value` as JSON-safe tagged data; unknown types become {"t": "object", "type": name}."""
    budget = budget if budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        return {"t": "too-large"}
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        return {"t": "int", "v": str(value)}
    if kind is float:
        return {"t": "float", "v": repr(value)}
    if kind is str:
        return {"t": "str", "v": value}
    if kind is bytes:
        return {"t": "bytes", "v": value.hex()}
    if kind in (list, tuple):
        return {"t": kind.__name__, "v": [encode(v, depth + 1, budget) for v in value]}
    if kind in (set, frozenset):
        items = [encode(v, depth + 1, budget) for v in value]
        return {"t": kind.__name__, "v": sorted(items, key=_order)}
    if kind is dict:
        pairs = [[encode(k, depth + 1, budget), encode(v, depth + 1, budget)] for k, v in value.items()]
        return {"t": "dict", "v": sorted(pairs, key=lambda p: _order(p[0]))}
    return {"t": "object", "type": f"{kind.__module__}.{kind.__qualname__}"}


def decode(data: Any) -> Any:
    """The plain value `encode` made (objects cannot be decoded: inputs never contain them)."""
    tag = data["t"]
    if tag == "none":
        return None
    if tag in ("bool", "str"):
        return data["v"]
    if tag == "int":
        return int(data["v"])
    if tag == "float":
        return float(data["v"])
    if tag == "bytes":
        return bytes.fromhex(data["v"])
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(v) for v in data["v"]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in data["v"]}
    raise ValueError(f"cannot decode a value tagged {tag!r}")


def same(a: Any, b: Any) -> bool:
    """Whether two encoded values are the same value of the same type."""
    if not (isinstance(a, dict) and isinstance(b, dict)) or a.get("t") != b.get("t"):
        return a == b
    tag = a["t"]
    if tag == "float":
        x, y = float(a["v"]), float(b["v"])
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    if tag in ("list", "tuple", "set", "frozenset"):
        return len(a["v"]) == len(b["v"]) and all(same(x, y) for x, y in zip(a["v"], b["v"]))
    if tag == "dict":
        return len(a["v"]) == len(b["v"]) and all(same(ka, kb) and same(va, vb) for (ka, va), (kb, vb) in zip(a["v"], b["v"]))
    return a == b


def show(data: Any, limit: int = 300) -> str:
    """A Python-like rendering of an encoded value, for messages."""
    text = _show(data)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(data: Any) -> str:
    if not isinstance(data, dict):
        return repr(data)
    tag = data.get("t")
    if tag == "object":
        return f"<{data['type']} object>"
    if tag == "raised":
        return f"raises {data['type']}"
    if tag in ("too-large", "timeout", "missing"):
        return f"<{tag}>"
    if tag == "call":
        return ", ".join(_show(a) for a in data["args"])
    try:
        return repr(decode(data))
    except (ValueError, KeyError, TypeError):
        return repr(data)


def _order(data: Any) -> str:
    import json

    return json.dumps(data, sort_keys=True)
