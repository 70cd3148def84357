"""A pytest plugin that taskgate loads into ground-truth runs only (`-p taskgate_pytest`).

It runs INSIDE the sandbox, shipped read-only under /task/.taskgate/py and first on PYTHONPATH;
it imports nothing from taskgate. It shuffles the collected tests when TASKGATE_SHUFFLE_SEED is
set, and writes what JUnit XML cannot say to TASKGATE_MARKERS: the skip/skipif/xfail markers of
each test (an xfail test that passes is a plain pass in JUnit) and the number collected.
"""

import json
import os
import random

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    seed = os.environ.get("TASKGATE_SHUFFLE_SEED")
    if seed:
        random.Random(int(seed)).shuffle(items)
    path = os.environ.get("TASKGATE_MARKERS")
    if not path:
        return
    markers = {}
    for item in items:
        names = sorted({m.name for m in item.iter_markers() if m.name in ("skip", "skipif", "xfail")})
        if names:
            markers[item.nodeid] = {"markers": names, "file": str(getattr(item, "path", item.fspath)), "line": item.location[1] + 1 if item.location[1] is not None else 0}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"collected": len(items), "markers": markers}, fh)
