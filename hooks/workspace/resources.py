"""Files shipped with taskgate: the JSON Schemas and the task template.

Both are data-only subpackages (`taskgate.schemas`, `taskgate.task_template`; see pyproject's
package-dir), found through importlib.resources so the same lookup works in a checkout, an
editable install and a plain install from the wheel.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMAS_PACKAGE = "taskgate.schemas"
TEMPLATE_PACKAGE = "taskgate.task_template"


def _shipped(package: str) -> Path:
    """The directory of a data subpackage. taskgate runs from a directory tree, never a zip
    (its dependencies are compiled wheels), so a non-directory resource is a broken install."""
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(f"taskgate installation is missing its {package} package data; reinstall taskgate") from exc
    if not isinstance(root, Path) or not root.is_dir():
        raise FileNotFoundError(f"taskgate installation has {package} as {root!s}, not a directory; reinstall taskgate unzipped")
    return root


def schemas_dir() -> Path:
    return _shipped(SCHEMAS_PACKAGE)


def template_dir() -> Path:
    return _shipped(TEMPLATE_PACKAGE)


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
