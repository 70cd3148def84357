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


PLACEHOLDERS = "placeholders.yaml"


@functools.cache
def template_placeholders() -> dict[str, str]:
    """task-template/placeholders.yaml: the text `taskgate new` writes for the author to replace,
    by the name the template files use for it (`{{author}}`). {} if the file is unusable."""
    from taskgate.hooks.workspace.loaders import load_yaml

    try:
        loaded = load_yaml((template_dir() / PLACEHOLDERS).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
    data = loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}
    return {str(k): " ".join(str(v).split()) for k, v in data.items() if isinstance(v, (str, int, float)) and str(v).strip()}
