"""The Python analyser on its own: positions, messages, robustness, conftest seeding."""

from __future__ import annotations

from taskgate.hooks.rules.determinism.python import analyser as dp


def codes(source: str, **kwargs: object) -> list[tuple[str, int, int]]:
    return [(h.code, h.line, h.column) for h in dp.analyse(source.encode(), "python", **kwargs)]


def test_columns_count_characters_not_bytes() -> None:
    source = "import time\nlabel = 'élan'; t = time.time()\n"
    assert codes(source) == [("DET101", 2, 21)]


def test_message_names_the_call_the_reason_and_the_fix() -> None:
    [hit] = dp.analyse(b"from time import time as now\nx = now()\n")
    assert "`now()` (time.time)" in hit.message
    assert "reads the clock" in hit.message and "parameter" in hit.message


def test_unparsable_and_empty_files_give_nothing() -> None:
    assert codes("import time\ndef f(:\n    time.time()\n") == []
    assert codes("") == []


def test_source_encoding_cookie_is_honoured() -> None:
    source = "# -*- coding: latin-1 -*-\nimport time\ns = 'caf\xe9'; time.time()\n".encode("latin-1")
    assert [(h.code, h.line, h.column) for h in dp.analyse(source)] == [("DET101", 3, 13)]


def test_very_deep_expressions_do_not_crash() -> None:
    chain = " + ".join(["'a'"] * 1500)
    nested = "f(" * 150 + "time.time()" + ")" * 150
    source = f"import time\ndef f(x):\n    return x\nx = {chain}\ny = {nested}\n"
    assert codes(source) == [("DET101", 5, 305)]
    too_deep = "import time\nx = " + " + ".join(["'a'"] * 5000) + "\n"  # CPython cannot compile it either
    assert codes(too_deep) == []


def test_results_are_sorted_and_repeatable() -> None:
    source = "import random, time\nb = time.time(); a = random.random()\nc = time.monotonic()\n"
    first = dp.analyse(source.encode())
    assert first == dp.analyse(source.encode())
    assert [(h.line, h.column) for h in first] == sorted((h.line, h.column) for h in first)


def test_conftest_seeding_is_exported_and_used() -> None:
    conftest = (b"import random\nimport numpy as np\nimport pytest\n\n@pytest.fixture(autouse=True)\ndef _seed():\n    random.seed(0)\n\n"
                b"@pytest.fixture\ndef np_seeded():\n    np.random.seed(1)\n\n@pytest.fixture\ndef rng():\n    return random.Random(2)\n")
    provided = dp.conftest_provides(conftest)
    assert provided == dp.Conftest(frozenset({"random"}), {"np_seeded": frozenset({"numpy"})})
    assert dp.conftest_provides(b"import random\nimport pytest\n\n@pytest.fixture\ndef rng():\n    return random.Random(1)\n") == dp.Conftest()
    test = "import random\nimport numpy as np\n\ndef test_x(np_seeded):\n    assert random.random() < np.random.rand() + 1\n"
    assert codes(test) == [("DET201", 5, 12), ("DET201", 5, 30)]
    assert codes(test, conftest=provided) == []
    assert codes(test, conftest=lambda: dp.Conftest(frozenset({"random"}))) == [("DET201", 5, 30)]
    overridden = test + "\nimport pytest\n\n@pytest.fixture\ndef np_seeded():\n    return None\n"
    assert codes(overridden, conftest=provided) == [("DET201", 5, 30)]


def test_conftest_module_level_seed_counts() -> None:
    assert dp.conftest_provides(b"import numpy as np\nnp.random.seed(3)\n").seeded == frozenset({"numpy"})
    assert dp.conftest_provides(b"import numpy as np\nnp.random.seed()\n").seeded == frozenset()


def test_global_statement_rebinding_is_seen_by_other_functions() -> None:
    source = (
        "import time\n"
        "clock = None\n"
        "def use():\n"
        "    return clock()\n"
        "def install():\n"
        "    global clock\n"
        "    clock = time.monotonic\n"
    )
    assert codes(source) == [("DET101", 4, 12)]


def test_self_attribute_bound_after_its_use_in_another_method() -> None:
    source = (
        "import time\n"
        "class Timer:\n"
        "    def elapsed(self):\n"
        "        return self._now() - self.start\n"
        "    def __init__(self):\n"
        "        self._now = time.perf_counter\n"
        "        self.start = 0\n"
    )
    assert codes(source) == [("DET101", 4, 16)]
