"""The textual shortcut may only ever skip files in which the full analysis finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskgate.hooks.rules.determinism.python import analyser as dp
from taskgate.hooks.rules.determinism.python.prefilter import needs_analysis

CORPUS = Path(__file__).parent / "corpus" / "python"
SNIPPETS = sorted(CORPUS.glob("*/*.py"))


def full_hits(source: bytes) -> list[object]:
    analyser = dp._run(source, frozenset(), shortcut=False)
    return [] if analyser is None else list(analyser.hits)


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.name for p in SNIPPETS])
def test_shortcut_is_sound_on_the_corpus(path: Path) -> None:
    source = path.read_bytes()
    if path.parent.name == "bad":
        assert needs_analysis(source)
    if not needs_analysis(source):
        assert full_hits(source) == []


@pytest.mark.parametrize("source", [
    "import random\nrng = random.Random(31337)\nx = rng.random()\n",
    "import random\n\ndef f(seed):\n    return random.Random(9000 + seed).choice('ab')\n",
    "import random\n\ndef f(rng: random.Random) -> int:\n    return rng.randint(1, 6)\n",
    "import os\nimport sys\nprint(os.path.join(sys.argv[0], 'x'), os.environ.get('A'))\n",
    "from datetime import timedelta\nD = timedelta(days=1)\n",
    "import time\ntime.sleep(0.1)\n",
    '"""No imports: the words time and random in prose are harmless."""\n',
    "from collections import Counter\nCounter('abc')\n",
])
def test_harmless_files_are_skipped(source: str) -> None:
    assert not needs_analysis(source.encode())
    assert full_hits(source.encode()) == []


@pytest.mark.parametrize("source", [
    "import random as r\nr.random()\n",
    "import os, \\\n    time\ntime.time()\n",
    "x = 1; import time\nprint(time.time())\n",
    "if True: import time\nprint(time.time())\n",
    "from random import (\n    random,\n)\nrandom()\n",
    "import random\nrng = random.Random()\n",
    "import random\nrng = random.Random(None)\n",
    "import random\nR = random.Random\nR()\n",
    "import time\n\"\"\"mentions time\"\"\"\n",
    "x = hash('abc')\n",
    "t = __import__('time')\n",
    "import importlib\nimportlib.import_module('time').time()\n",
    "import sys\nsys.modules['time'].time()\n",
    "import datetime\nd = datetime.date(2020, 1, 1)\n",
])
def test_risky_files_are_analysed(source: str) -> None:
    assert needs_analysis(source.encode())


FRAGMENTS = [
    "import random", "import random as r", "from random import random", "from random import *",
    "import time", "import time as t", "from time import time", "import numpy as np", "import os",
    "rng = random.Random(3)", "rng = random.Random()", "rng = random.Random(None)", "x = random.random()",
    "y = rng.random()", "random.seed(1)", "random.seed()", "time.sleep(1)", "z = time.time", "z()",
    "w = t.time()", "np.random.default_rng(1)", "np.random.rand()", "h = hash('x')", "hash(1)",
    '"""time and random in prose"""', "def f(time):\n    return time.time()", "def g(rng=random):\n    return rng.random()",
    "os.urandom(4)", "os.path.join('a')", "q = random", "q.random()", "random.Random(seed)", "k = [random.Random(i) for i in range(2)]",
    "class C:\n    clock = time.time", "v = C().clock()", "import datetime", "datetime.date(2020, 1, 1)", "datetime.datetime.now()",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8))
def test_shortcut_is_sound_on_generated_programs(lines: list[str]) -> None:
    source = ("\n".join(lines) + "\n").encode()
    if not needs_analysis(source):
        assert full_hits(source) == []
