"""DET206: Hypothesis tests whose examples change from run to run, and the ways a task fixes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hooks.rules.determinism.test_hook import found, make_repo

RANDOM_EXAMPLES = """\
    import hypothesis
    from hypothesis import given, strategies as st
    from hypothesis import given as forall

    from merge import merge_intervals


    @given(st.lists(st.tuples(st.integers(), st.integers())))
    def test_output_is_sorted(pairs):
        out = merge_intervals([(min(p), max(p)) for p in pairs])
        assert out == sorted(out)


    @forall(st.lists(st.integers()))
    def test_alias(xs):
        assert merge_intervals([]) == []


    @hypothesis.settings(max_examples=500)
    @hypothesis.given(st.integers())
    def test_settings_without_derandomize(x):
        assert merge_intervals([(x, x)]) == [(x, x)]


    @hypothesis.given(st.integers())
    @hypothesis.seed(20240611)
    def test_seeded(x):
        assert merge_intervals([(x, x)]) == [(x, x)]


    @hypothesis.settings(derandomize=True)
    @given(st.integers())
    def test_derandomized(x):
        assert merge_intervals([(x, x)]) == [(x, x)]
"""


def test_given_without_a_fixed_seed_is_reported_at_the_decorator(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/tests/test_merge.py": RANDOM_EXAMPLES})
    assert found(repo) == [
        ("tasks/t1/tests/test_merge.py", 8, "DET206"),
        ("tasks/t1/tests/test_merge.py", 14, "DET206"),
        ("tasks/t1/tests/test_merge.py", 20, "DET206"),
    ]


@pytest.mark.parametrize("fixed_by", [
    {"t1/tests/conftest.py": """\
        from hypothesis import settings

        settings.register_profile("reward", derandomize=True, deadline=None)
        settings.load_profile("reward")
    """},
    {"t1/task.yaml": 'test_command: ["python3", "-m", "pytest", "-q", "--hypothesis-seed=0", "tests"]\n'},
    {"t1/tests/pytest.ini": "[pytest]\naddopts = -q --hypothesis-seed=1234\n"},
], ids=["derandomized profile", "seed in test_command", "seed in pytest.ini"])
def test_a_task_wide_seed_covers_every_property_test(tmp_path: Path, fixed_by: dict[str, str]) -> None:
    repo = make_repo(tmp_path, {"t1/tests/test_merge.py": RANDOM_EXAMPLES, **fixed_by})
    assert [f for f in found(repo) if f[2] == "DET206"] == []


def test_look_alikes_are_not_hypothesis(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/test_own_given.py": """\
            # hypothesis: the merge is idempotent (a comment, not the library)
            def given(*_):
                return lambda fn: fn

            @given(1)
            def test_idempotent():
                assert True
        """,
        # A profile registered but never loaded changes nothing.
        "t2/tests/conftest.py": """\
            from hypothesis import settings
            settings.register_profile("reward", derandomize=True)
        """,
        "t2/tests/test_p.py": """\
            from hypothesis import given, strategies as st

            @given(st.integers())
            def test_p(x):
                assert x == x
        """,
        # Only tests/ is the reward function: a helper script elsewhere is not a test.
        "t3/solution/fuzz.py": """\
            from hypothesis import given, strategies as st

            @given(st.integers())
            def check(x):
                pass
        """,
    })
    assert [f for f in found(repo) if f[2] == "DET206"] == [("tasks/t2/tests/test_p.py", 3, "DET206")]
