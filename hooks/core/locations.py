"""Where taskgate keeps its per-user state (the result cache, pre-commit claims): outside every
repository, so nothing needs ignoring. Imports nothing heavy: a pre-commit chunk that has
nothing to do asks for it before loading any checks."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$TASKGATE_CACHE_DIR`, else `$XDG_CACHE_HOME/taskgate`, else `~/.cache/taskgate`."""
    explicit = os.environ.get("TASKGATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "taskgate"
