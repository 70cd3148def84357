"""Sharding a plan for GitHub's dynamic matrix (at most 256 jobs)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskgate.ci.planning.shards import MAX_JOBS, split
from taskgate.hooks.core.errors import UsageError


def ids(n: int) -> list[str]:
    return [f"task-{i:05d}" for i in range(n)]


@given(st.integers(min_value=0, max_value=3000), st.one_of(st.none(), st.integers(min_value=1, max_value=MAX_JOBS)), st.integers(min_value=1, max_value=50))
def test_shards_cover_every_task_once_in_order_and_balanced(n, shards, per):
    tasks = ids(n)
    groups = split(tasks, shards=shards) if shards is not None else split(tasks, max_per_shard=per)
    assert [t for g in groups for t in g] == tasks
    assert len(groups) <= MAX_JOBS
    assert all(groups)
    if groups:
        sizes = {len(g) for g in groups}
        assert max(sizes) - min(sizes) <= 1
    if shards is not None:
        assert len(groups) == min(shards, n)
    elif n and -(-n // per) <= MAX_JOBS:
        assert len(groups) == -(-n // per) and max(len(g) for g in groups) <= per


def test_ten_thousand_tasks_one_per_shard_are_capped_at_256_jobs():
    groups = split(ids(10_000), max_per_shard=1)
    assert len(groups) == 256
    assert {len(g) for g in groups} == {39, 40}


def test_one_task_per_job_by_default():
    assert split(ids(3)) == [["task-00000"], ["task-00001"], ["task-00002"]]


def test_empty_plan_has_no_shards():
    assert split([], shards=4) == []


@pytest.mark.parametrize("kwargs", [{"shards": 0}, {"shards": 257}, {"max_per_shard": 0}])
def test_bad_sizes_are_usage_errors(kwargs):
    with pytest.raises(UsageError):
        split(ids(5), **kwargs)
