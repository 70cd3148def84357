"""JSON Schema validation whose errors point at the line and column of the offending value."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from taskgate.hooks.workspace import schema_fast
from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.positions import Locate

if TYPE_CHECKING:
    import jsonschema


# A schema annotation (ignored by validators) stating a `pattern` in words, for messages.
PATTERN_WORDS = "x-pattern-words"
# Beside a `not`: what the forbidden alternative is, in words ("a reason when there is a counterexample").
NOT_WORDS = "x-not-words"


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
    import jsonschema  # only when a document may have problems: the import costs 50 ms

    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# Schema object -> (the object, its canonical JSON): callers pass the same few schema objects
# thousands of times, and serialising one costs more than validating a small document.
_CANONICAL: dict[int, tuple[dict[str, Any], str]] = {}


def _canonical(schema: dict[str, Any]) -> str:
    hit = _CANONICAL.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    text = json.dumps(schema, sort_keys=True)
    if len(_CANONICAL) > 64:
        _CANONICAL.clear()
    _CANONICAL[id(schema)] = (schema, text)  # keeps the object alive, so its id stays its own
    return text


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    return _validator(_canonical(schema))


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
    words = error.schema.get(PATTERN_WORDS) if error.validator == "pattern" and isinstance(error.schema, dict) else None
    if words:  # the rule in words first; the regex stays for those who read one
        return path, f"{_where(path)}: {error.instance!r} is not {words} (pattern {error.validator_value})", False
    if error.validator == "required":
        return path, f"{_where(path)}: {error.message}", False
    words = error.schema.get(NOT_WORDS) if error.validator == "not" and isinstance(error.schema, dict) else None
    if words:
        return path, f"{_where(path)}: {words} is not allowed", False
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        return path, f"{_where(path)}: {best.message}", False
    return path, f"{_where(path)}: {error.message}", False


def validate(data: Any, schema: dict[str, Any], locate: Locate | None = None) -> list[Problem]:
    """Every schema violation in `data`, located by `locate` (usually `Loaded.locate` of the
    parse that gave `data`; 1:1 without it)."""
    if schema_fast.certainly_valid(data, _canonical(schema)):
        return []
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return []
    problems = []
    seen = set()
    for error in errors:
        path, message, at_key = _describe(error)
        if message in seen:
            continue
        seen.add(message)
        line, column = locate(path, at_key) if locate is not None else (1, 1)
        problems.append(Problem(path, message, line, column))
    return problems
