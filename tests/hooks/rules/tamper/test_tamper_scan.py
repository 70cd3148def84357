"""The static tamper scan of Python candidates: each rule's hacks, and honest code left alone."""

from __future__ import annotations

import textwrap

import pytest

from taskgate.hooks.rules.tamper.python import scan_python
from taskgate.hooks.rules.tamper.scan import beyond_reference, scan_files


def codes(code: str, **kw) -> list[tuple[str, int]]:
    return [(h.code, h.line) for h in scan_python("solution/mod.py", textwrap.dedent(code), **kw)]


HACKS = {
    "TMP001": [
        "import os\nos._exit(0)\n",
        "from os import _exit as leave\ndef f(x):\n    leave(0)\n",
        "import sys\ndef f(x):\n    sys.exit(0)\n",
        "def f(x):\n    raise SystemExit(0)\n",
        "import os, signal\ndef f(x):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "def f(x):\n    exit()\n",
        "import os\nif __name__ != '__main__':\n    os._exit(0)\n",
    ],
    "TMP002": [
        "open('/out/report', 'w').write('x')\n",
        "XML = '<testsuite tests=\"3\"><testcase name=\"t\"/></testsuite>'\n",
        "print('ok 1 - test_add')\n",
    ],
    "TMP003": [
        "import pytest\n",
        "from unittest import mock\ndef f(x):\n    return mock.ANY\n",
        "from unittest.mock import MagicMock\n",
        "import _pytest.runner\n",
        "__import__('pluggy')\n",
    ],
    "TMP004": [
        "import builtins\nbuiltins.len = lambda x: 0\n",
        "import sys\nsys.modules['json'] = None\n",
        "import atexit, os\natexit.register(os.getpid)\n",
        "import signal\nsignal.signal(signal.SIGALRM, print)\n",
        "import gc\nfor o in gc.get_objects():\n    pass\n",
        "import ctypes\n",
        "import math\nmath.isclose = lambda *a, **k: True\n",
        "import sys\nsys.settrace(None)\n",
        "from collections import Counter\nsetattr(Counter, 'most_common', None)\n",
        "def f(g):\n    g.__code__ = (lambda: None).__code__\n",
        "import sys\ndef f(x):\n    sys.modules['test_add'].add = lambda a, b: 3\n",
        "import sys\ndef f(x):\n    return [m for m in sys.modules.values() if 'test' in m.__name__]\n",
    ],
    "TMP005": [
        "import sys\ndef f(x):\n    return sys._getframe(1).f_locals['expected']\n",
        "import inspect\ndef f(x):\n    return inspect.stack()[1]\n",
        "from inspect import currentframe as here\ndef f(x):\n    return here()\n",
        "def f(x):\n    try:\n        raise ValueError\n    except ValueError as e:\n        return e.__traceback__\n",
        "import sys\ndef f(x):\n    return sys.exc_info()[2]\n",
        "import sys\ndef f(x):\n    return getattr(sys, '_getframe')(1)\n",
        "import sys\ndef f(x):\n    return vars(sys)['_getframe'](1)\n",
        "def f(frame):\n    return getattr(frame, 'f_back')\n",
    ],
    "TMP006": [
        "class A:\n    def __eq__(self, other):\n        return True\n",
        "class A(list):\n    def __ne__(self, other):\n        return False\n",
        "class A:\n    def __eq__(self, other):\n        return self is self\n",
        "class A:\n    __eq__ = lambda self, other: 1\n",
        "A = type('A', (int,), {'__eq__': lambda s, o: True})\n",
        "class Meta(type):\n    def __instancecheck__(cls, obj):\n        return True\n",
        "class A:\n    @property\n    def __class__(self):\n        return list\n",
        "def f(x):\n    x.__eq__ = lambda o: True\n",
    ],
    "TMP007": [
        "def f(x):\n    return open('/task/tests/test_add.py').read()\n",
        "from pathlib import Path\nSRC = Path(__file__).parent.parent / 'tests'\n",
        "import os\np = os.path.join(os.path.dirname(__file__), '..', 'x')\n",
        "import glob\nfiles = glob.glob('**/test_*.py', recursive=True)\n",
        "import os\nname = os.environ.get('PYTEST_CURRENT_TEST')\n",
    ],
    "TMP008": [
        "def f(code):\n    exec(code)\n",
        "import sys\ndef f(x):\n    return getattr(sys, '_get' + 'frame')(1)\n",
        "import importlib\ndef f(n):\n    return importlib.import_module(n)\n",
    ],
}


@pytest.mark.parametrize(("code", "source"), [(c, s) for c, sources in HACKS.items() for s in sources])
def test_each_hack_is_flagged_with_its_rule(code, source):
    assert code in {c for c, _ in codes(source)}, (code, source, codes(source))


def test_exec_of_a_literal_is_scanned_at_the_exec_line():
    assert codes("x = 1\nexec('import os; os._exit(0)')\n") == [("TMP001", 2)]


HONEST = [
    # a command-line entry point, its main() and a usage error in it
    """\
    import argparse
    import sys


    def solve(xs: list[int]) -> int:
        return sum(xs)


    def main(argv=None) -> int:
        args = argparse.ArgumentParser().parse_args(argv)
        if args is None:
            sys.exit(2)
        return 0


    if __name__ == "__main__":
        sys.exit(main())
    """,
    # introspection of its own objects, dataclasses, functools, typing, logging
    """\
    from __future__ import annotations

    import functools
    import inspect
    import logging
    from dataclasses import dataclass, field
    from typing import Any, Callable

    log = logging.getLogger(__name__)


    @dataclass(order=True)
    class Job:
        priority: int
        name: str = field(compare=False)


    class Point:
        def __init__(self, x: int, y: int) -> None:
            self.x, self.y = x, y

        def __eq__(self, other: object) -> bool:
            if not isinstance(other, Point):
                return NotImplemented
            return (self.x, self.y) == (other.x, other.y)

        def __ne__(self, other: object) -> bool:
            result = self.__eq__(other)
            return result if result is NotImplemented else not result

        def __hash__(self) -> int:
            return hash((self.x, self.y))


    class Never:
        def __eq__(self, other: object) -> bool:
            return False


    def arity(fn: Callable[..., Any]) -> int:
        log.info("inspecting %s", fn.__name__)
        return len(inspect.signature(fn).parameters)


    @functools.lru_cache(maxsize=None)
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    """,
    # its own data file, tests of nothing, a traceback it formats for a log, itself in sys.modules
    """\
    import json
    import sys
    import traceback
    from pathlib import Path

    DATA = json.loads((Path(__file__).parent / "words.json").read_text())
    SELF = sys.modules[__name__]


    def lookup(word: str) -> str:
        try:
            return DATA[word]
        except KeyError:
            traceback.print_exc()
            return ""
    """,
]


@pytest.mark.parametrize("source", HONEST)
def test_honest_code_is_not_flagged(source):
    assert codes(source) == []


def test_a_test_suite_candidate_may_import_pytest():
    assert codes("import pytest\n\ndef test_x():\n    assert 1\n", candidate_is_tests=True) == []


def test_what_the_ground_truth_does_itself_is_allowed():
    gt = scan_files({"mod.py": b"import sys\ndef f():\n    return sys._getframe(0).f_code.co_name\n"})
    same = scan_files({"mod.py": b"import sys\n\n\ndef f():\n    return sys._getframe(0).f_code.co_name\n"})
    other = scan_files({"mod.py": b"import sys\ndef f():\n    return sys._getframe(1).f_locals\n"})
    assert gt and beyond_reference(same, gt) == []
    assert {h.code for h in beyond_reference(other, gt)} == {"TMP005"}


def test_a_ground_truth_in_the_domain_of_a_rule_allows_that_rule():
    """A task about JUnit files or wildcard matchers: the GT's own strings and classes say so."""
    gt = scan_files({"junit.py": b"HEAD = '<testsuite>'\nclass Any:\n    def __eq__(self, other):\n        return True\n"})
    candidate = scan_files({"junit.py": b"TAG = '<testcase name=\"x\"/>'\nclass Wild:\n    def __eq__(self, o):\n        return True\n"})
    assert {h.code for h in candidate} == {"TMP002", "TMP006"} and beyond_reference(candidate, gt) == []


def test_unparsable_source_is_not_a_finding():
    assert codes("def f(:\n") == []


JS_HACKS = {
    "TMP001": ["function f(a) { process.exit(0); }\n", "const { exit } = process;\nfunction f() { exit(0); }\n",
               "function f() { process.kill(process.pid, 'SIGKILL'); }\n"],
    "TMP002": ["require('fs').writeFileSync('/out/report', 'x');\n", "console.log('TAP version 13');\n"],
    "TMP003": ["const assert = require('node:assert');\n", "import { test } from 'node:test';\n", "import sinon from 'sinon';\n"],
    "TMP004": ["const assert = require('assert');\nassert.deepStrictEqual = () => {};\n", "Array.prototype.includes = () => true;\n",
               "process.on('exit', () => {});\n", "Object.defineProperty(JSON, 'stringify', { value: () => '[]' });\n"],
    "TMP005": ["Error.prepareStackTrace = (e, s) => s;\n", "function f() { return f.caller; }\n"],
    "TMP007": ["const fs = require('fs');\nfs.readFileSync(__dirname + '/../tests/topk.test.js');\n"],
    "TMP008": ["function f(code) { return eval(code); }\n", "const g = new Function('a', body);\n"],
}


@pytest.mark.parametrize(("code", "source"), [(c, s) for c, sources in JS_HACKS.items() for s in sources])
def test_each_javascript_hack_is_flagged(code, source):
    hits = scan_files({"solution.js": source.encode()})
    assert code in {h.code for h in hits}, (code, source, hits)


def test_honest_javascript_and_typescript_are_not_flagged():
    js = textwrap.dedent("""\
        "use strict";
        const { performance } = require("node:perf_hooks");
        const cache = new Map();
        function topKFrequent(tokens, k) {
          const counts = new Map();
          for (const t of tokens) counts.set(t, (counts.get(t) || 0) + 1);
          const options = { depth: 1 };
          options.depth = 2;
          return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([t]) => t);
        }
        module.exports = { topKFrequent };
        if (require.main === module) {
          console.log(topKFrequent(process.argv.slice(2), 2), performance.now() > 0, cache.size);
          process.exit(0);
        }
    """)
    ts = "export function add(a: number, b: number): number {\n  const total: number = a + b;\n  return total;\n}\n"
    assert scan_files({"topk.js": js.encode(), "add.ts": ts.encode()}) == []


def test_a_javascript_test_suite_candidate_may_import_node_test():
    assert scan_files({"topk.test.js": b"const test = require('node:test');\nconst assert = require('node:assert');\n"}, candidate_is_tests=True) == []
