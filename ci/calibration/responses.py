"""Where an attempt's response comes from: a live chat-completions endpoint, or a recording.

A recording (`taskgate calibrate --responses FILE.jsonl`) has one JSON object per line:

    {"task": "two-sum", "role": "target", "model": "m", "attempt": 1, "response": {...}}

`response` is the full chat-completions response body. `task` is optional: a line without it
answers for any task (convenient when calibrating one task). Blank lines and lines starting with
`//` are ignored. Replayed bodies are checked exactly like live ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from taskgate.ci.calibration.chat import ChatError, Model, Retry, complete, parse_response
from taskgate.hooks.core.errors import UsageError

# (task id, model, prompt, attempt) -> parsed response body
Source = Callable[[str, Model, str, int], dict[str, Any]]
LINE_KEYS = {"task", "role", "model", "attempt", "response"}


class Live:
    """Queries the configured endpoints. A fatal error (401, unknown model, missing key) is
    remembered so the remaining attempts of that model fail at once with the same message."""

    def __init__(self, retry: Retry) -> None:
        self.retry = retry
        self._fatal: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def __call__(self, task_id: str, model: Model, prompt: str, attempt: int) -> dict[str, Any]:
        key = (model.role, model.name)
        with self._lock:
            if key in self._fatal:
                raise ChatError(self._fatal[key], fatal=True)
        try:
            return complete(model, prompt, attempt, self.retry)
        except ChatError as exc:
            if exc.fatal:
                with self._lock:
                    self._fatal.setdefault(key, str(exc))
            raise


class Replay:
    """Answers from JSONL recordings (several files may be given; a key may occur once)."""

    def __init__(self, paths: Path | list[Path]) -> None:
        self.paths = [paths] if isinstance(paths, Path) else list(paths)
        self.lines: dict[tuple[str | None, str, str, int], tuple[str, dict[str, Any]]] = {}
        for path in self.paths:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot be read: {exc}") from None
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise UsageError(f"{where}: not a JSON object ({exc})") from None
            if not isinstance(item, dict) or not {"role", "model", "attempt", "response"} <= set(item) or set(item) - LINE_KEYS:
                raise UsageError(f"{where}: expected an object with role, model, attempt, response (and optionally task)")
            task, role, model, attempt = item.get("task"), item["role"], item["model"], item["attempt"]
            if role not in ("target", "reference") or not isinstance(model, str) or not model:
                raise UsageError(f"{where}: role must be target or reference and model a non-empty string")
            if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1 or not (task is None or isinstance(task, str)):
                raise UsageError(f"{where}: attempt must be a positive integer and task a string")
            key = (task, role, model, attempt)
            if key in self.lines:
                raise UsageError(f"{where}: duplicates {self.lines[key][0]} ({role} {model} attempt {attempt})")
            self.lines[key] = (where, item["response"])

    def __call__(self, task_id: str, model: Model, prompt: str, attempt: int) -> dict[str, Any]:
        for key in ((task_id, model.role, model.name, attempt), (None, model.role, model.name, attempt)):
            if key in self.lines:
                where, body = self.lines[key]
                try:
                    return parse_response(json.dumps(body).encode())
                except ChatError as exc:
                    raise ChatError(f"{where}: recorded {exc}") from None
        files = ", ".join(map(str, self.paths))
        raise ChatError(f"no recorded response for task {task_id}, {model.role} {model.name} attempt {attempt} in {files}")
