"""What every check may know besides the task: the repository, its config, the stage, today."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from taskgate.hooks.workspace.config import Config


class Context:
    """The run's settings, shared by every check.

    `today` is watched: the engine caches a task's findings across runs, and a result that
    depends on the date (reading `ctx.today`) is reused only on the same day.
    """

    def __init__(self, root: str, config: Config, stage: str = "commit", today: _dt.date | None = None, memo: dict[str, Any] | None = None) -> None:
        self.root = root  # absolute path of the repository root
        self.config = config
        self.stage = stage
        self._today = today or _dt.date.today()
        # Per-run memo for expensive derived values (compiled schemas, parsers), keyed by name.
        self.memo: dict[str, Any] = memo if memo is not None else {}
        self.today_read = False  # set when a check looks at the date; the engine resets it per task
        # For repository-level checks that compare tasks (engine.run sets them): the repository,
        # the task ids the run was asked about (None: all of them) and whether the run may keep
        # derived data in the cache directory.
        self.repo: Any = None
        self.selected: list[str] | None = None
        self.use_cache = False
        # name -> task rel -> value of the `registry.task_facts` the repository checks need, when
        # the engine computed them beside the per-task checks (None: a check computes its own).
        self.task_facts: dict[str, dict[str, Any]] | None = None

    @property
    def today(self) -> _dt.date:
        self.today_read = True
        return self._today

    @today.setter
    def today(self, value: _dt.date) -> None:
        self._today = value

    @property
    def today_unwatched(self) -> _dt.date:
        """The date, for the engine itself (handing it to workers), without marking it read."""
        return self._today

    def __repr__(self) -> str:
        return f"Context(root={self.root!r}, stage={self.stage!r}, today={self._today.isoformat()})"

    def cached(self, key: str, build: Any) -> Any:
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]
