"""JSON Schema validation whose errors point at the line and column of the offending value."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import jsonschema

from taskgate.hooks.loaders import LoadError, locate, positions


@dataclass(frozen=True)
class Problem:
    path: tuple[Any, ...]
    message: str
    line: int = 1
    column: int = 1

    def as_load_error(self) -> LoadError:
        return LoadError(self.message, self.line, self.column)


@functools.lru_cache(maxsize=32)
def _validator(schema_json: str) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    return _validator(json.dumps(schema, sort_keys=True))


def _where(path: tuple[Any, ...]) -> str:
    if not path:
        return "top level"
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _describe(error: jsonschema.ValidationError) -> tuple[tuple[Any, ...], str, bool]:
    """(path to point at, message, point at the key rather than the value)."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted((k for k in error.instance if k not in allowed), key=str)
        if extra:
            known = ", ".join(sorted(allowed))
            return (*path, extra[0]), f"unknown key {extra[0]!r} at {_where(path)} (allowed: {known})", True
    if error.validator == "required":
        return path, f"{_where(path)}: {error.message}", False
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return path, f"{_where(path)}: {best.message}", False
    return path, f"{_where(path)}: {error.message}", False


def validate(data: Any, schema: dict[str, Any], text: str | None = None) -> list[Problem]:
    """Every schema violation in `data`, located in `text` (the source it was parsed from)."""
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return []
    tree = positions(text) if text is not None else None
    problems = []
    seen = set()
    for error in errors:
        path, message, at_key = _describe(error)
        if message in seen:
            continue
        seen.add(message)
        line, column = locate(tree, path, key=at_key) if tree is not None else (1, 1)
        problems.append(Problem(path, message, line, column))
    return problems
