"""Files shipped with taskgate: the JSON Schemas and the task template."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

# A checkout: <root>/hooks/workspace/resources.py; a wheel: <site>/taskgate/hooks/workspace/resources.py.
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _shipped(checkout_name: str, package_name: str) -> Path:
    """`schemas/` and `task-template/` live at the repository root in a checkout, and as the
    subpackages `taskgate.schemas` and `taskgate.task_template` in a wheel (see pyproject)."""
    package_dir = _SOURCE_ROOT / package_name
    for candidate in (package_dir, _SOURCE_ROOT / checkout_name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"taskgate installation is missing its {checkout_name}/ directory")


def schemas_dir() -> Path:
    return _shipped("schemas", "schemas")


def template_dir() -> Path:
    return _shipped("task-template", "task_template")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """A shipped schema by file name, e.g. `task.schema.json`."""
    return json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
