"""Shared fixtures for the whole test suite."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory):
    """Every `taskgate` run of the suite (in process, CLI or under pre-commit) caches results in a
    directory of its own, never in the user's ~/.cache/taskgate."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TASKGATE_CACHE_DIR", str(tmp_path_factory.mktemp("taskgate-cache")))
        yield
