"""What every check may know besides the task: the repository, its config, the stage, today."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from taskgate.hooks.config import Config


@dataclass
class Context:
    root: str  # absolute path of the repository root
    config: Config
    stage: str = "commit"
    today: _dt.date = field(default_factory=_dt.date.today)
    # Per-run memo for expensive derived values (compiled schemas, parsers), keyed by name.
    memo: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, build: Any) -> Any:
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]
