"""`ast.parse` that is safe to call from several threads at once.

CPython 3.11 keeps the recursion depth of its AST converter in interpreter-wide state, so two
threads converting trees at the same moment can fail with `SystemError: AST constructor
recursion depth mismatch` (python/cpython#106905, fixed in later releases). taskgate's thread
pools (gate, calibrate, score, verify-calibration) scan and stub candidates concurrently: every
parse that can run in such a pool goes through one lock. Parsing is CPU work under the GIL
anyway, so the lock costs no parallelism.
"""

from __future__ import annotations

import ast
import threading
from typing import Any

_LOCK = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec", **kwargs: Any) -> Any:
    with _LOCK:
        return ast.parse(source, filename, mode, **kwargs)
