"""The repository configuration, `taskgate.yaml`, with the schema's defaults filled in."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskgate.hooks.workspace import resources
from taskgate.hooks.workspace.reading import human_size, read_limited
from taskgate.hooks.workspace.loaders import LoadError, decode_text, load_yaml
from taskgate.hooks.workspace.schema import validate

CONFIG_NAME = "taskgate.yaml"
CONFIG_SCHEMA = "config.schema.json"
DEFAULT_LANGUAGES = ("python", "javascript", "typescript", "java", "go", "cpp", "rust")
MAX_CONFIG_SIZE = 1 << 20


@functools.cache
def defaults() -> dict[str, Any]:
    props = resources.schema(CONFIG_SCHEMA)["properties"]
    return {key: spec["default"] for key, spec in props.items() if "default" in spec}


@dataclass(frozen=True)
class Config:
    """Validated settings. `data` holds every top-level key, defaults included.

    `errors` are the problems found while loading (reported by the config rules); when there are
    any, checks run with the defaults for the keys that were wrong.
    """

    data: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(defaults()))
    text: str | None = None
    errors: tuple[tuple[str, LoadError], ...] = ()

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def tasks_root(self) -> str:
        return str(self.data["tasks_root"]).strip("/") or "tasks"

    @property
    def categories(self) -> list[str]:
        return list(self.data["categories"])

    @property
    def languages(self) -> list[str]:
        extra = [lang for lang in self.data["languages"] if lang not in DEFAULT_LANGUAGES]
        return [*DEFAULT_LANGUAGES, *extra]

    def section(self, name: str) -> dict[str, Any]:
        """A nested settings block (later rule families keep their options in one)."""
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}


def load_config(root: Path) -> Config:
    """Read `root/taskgate.yaml` if present. Never raises on bad content."""
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return Config()
    raw = read_limited(path, MAX_CONFIG_SIZE)
    if isinstance(raw, LoadError):
        return Config(errors=(("parse", raw),))
    return parse_config(raw)


def parse_config(raw: bytes) -> Config:
    """A Config from the bytes of a taskgate.yaml (e.g. a blob at some commit). Never raises."""
    if len(raw) > MAX_CONFIG_SIZE:
        return Config(errors=(("parse", LoadError(f"is {human_size(len(raw))}, over the {human_size(MAX_CONFIG_SIZE)} limit")),))
    text = decode_text(raw)
    if isinstance(text, LoadError):
        return Config(errors=(("parse", text),))
    loaded = load_yaml(text)
    if loaded.error:
        return Config(text=text, errors=(("parse", loaded.error),))
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict):
        return Config(text=text, errors=(("parse", LoadError("taskgate.yaml must be a mapping of settings")),))
    problems = validate(data, resources.schema(CONFIG_SCHEMA), loaded.locate)
    merged = copy.deepcopy(defaults())
    known = resources.schema(CONFIG_SCHEMA)["properties"]
    for key, value in data.items():
        bad = [p.path for p in problems if p.path and p.path[0] == key]
        if key not in known:
            continue
        if not bad:
            merged[key] = value
        elif isinstance(value, list) and all(len(path) > 1 for path in bad):
            # One malformed waiver must not drop the valid ones beside it.
            wrong = {path[1] for path in bad}
            merged[key] = [item for i, item in enumerate(value) if i not in wrong]
    return Config(data=merged, text=text, errors=tuple(("schema", p.as_load_error()) for p in problems))
