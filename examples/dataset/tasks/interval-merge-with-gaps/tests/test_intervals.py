"""Reward tests for merge_with_gaps."""

from __future__ import annotations

import copy
import random
from itertools import pairwise

import pytest
from intervals import merge_with_gaps


def brute_force(intervals, max_gap):
    """Oracle: connected components of the "gap <= max_gap" relation, no sorting tricks."""
    n = len(intervals)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            (s1, e1), (s2, e2) = intervals[i], intervals[j]
            if max(s1, s2) - min(e1, e2) <= max_gap:
                parent[find(i)] = find(j)

    groups = {}
    for i, (s, e) in enumerate(intervals):
        root = find(i)
        lo, hi = groups.get(root, (s, e))
        groups[root] = (min(lo, s), max(hi, e))
    return sorted(groups.values())


def test_empty_input():
    assert merge_with_gaps([], 0) == []
    assert merge_with_gaps([], 10) == []


def test_single_interval_unchanged():
    assert merge_with_gaps([(3, 7)], 0) == [(3, 7)]
    assert merge_with_gaps([(3, 7)], 100) == [(3, 7)]


def test_examples_from_prompt():
    assert merge_with_gaps([(1, 3), (6, 8), (10, 12)], 2) == [(1, 3), (6, 12)]
    assert merge_with_gaps([(5, 7), (1, 10), (2, 3)], 0) == [(1, 10)]
    assert merge_with_gaps([(1, 3), (4, 5)], 0) == [(1, 3), (4, 5)]


def test_unsorted_input_is_sorted_by_start():
    assert merge_with_gaps([(20, 25), (1, 2), (10, 12)], 1) == [(1, 2), (10, 12), (20, 25)]


def test_nested_interval_does_not_shrink_end():
    assert merge_with_gaps([(1, 10), (2, 3)], 0) == [(1, 10)]
    assert merge_with_gaps([(1, 10), (2, 3), (11, 12)], 1) == [(1, 12)]
    # The gap to the third interval is measured from 10, not from 3.
    assert merge_with_gaps([(1, 10), (2, 3), (13, 14)], 2) == [(1, 10), (13, 14)]


def test_touching_intervals_merge_with_zero_gap():
    assert merge_with_gaps([(1, 3), (3, 5)], 0) == [(1, 5)]


def test_gap_boundary_is_inclusive():
    assert merge_with_gaps([(0, 2), (5, 6)], 3) == [(0, 6)]
    assert merge_with_gaps([(0, 2), (6, 7)], 3) == [(0, 2), (6, 7)]


def test_overlapping_chain_is_transitive():
    assert merge_with_gaps([(0, 1), (3, 4), (6, 7), (9, 10)], 2) == [(0, 10)]
    assert merge_with_gaps([(9, 10), (0, 1), (6, 7), (3, 4)], 1) == [(0, 1), (3, 4), (6, 7), (9, 10)]


def test_zero_length_intervals():
    assert merge_with_gaps([(4, 4)], 0) == [(4, 4)]
    assert merge_with_gaps([(4, 4), (4, 4), (5, 5)], 0) == [(4, 4), (5, 5)]
    assert merge_with_gaps([(4, 4), (5, 5)], 1) == [(4, 5)]


def test_duplicates():
    assert merge_with_gaps([(2, 5), (2, 5), (2, 5)], 0) == [(2, 5)]


def test_same_start_different_ends():
    assert merge_with_gaps([(1, 2), (1, 9), (1, 4)], 0) == [(1, 9)]


def test_negative_coordinates():
    assert merge_with_gaps([(-10, -5), (-3, 0), (3, 4)], 2) == [(-10, 0), (3, 4)]
    assert merge_with_gaps([(-10, -5), (-3, 0)], 1) == [(-10, -5), (-3, 0)]


def test_result_contains_tuples_even_for_list_input():
    result = merge_with_gaps([[5, 6], [1, 2], (8, 9)], 0)
    assert result == [(1, 2), (5, 6), (8, 9)]
    assert all(type(item) is tuple for item in result)


def test_input_is_not_mutated():
    data = [(9, 12), (1, 4), (3, 5)]
    before = copy.deepcopy(data)
    merge_with_gaps(data, 0)
    assert data == before


def test_negative_max_gap_raises():
    with pytest.raises(ValueError):
        merge_with_gaps([(1, 2)], -1)
    with pytest.raises(ValueError):
        merge_with_gaps([], -1)


def test_start_after_end_raises():
    with pytest.raises(ValueError):
        merge_with_gaps([(1, 2), (5, 4)], 0)


def test_large_max_gap_merges_everything():
    assert merge_with_gaps([(100, 101), (0, 1), (50, 50)], 10**9) == [(0, 101)]


def test_randomized_against_brute_force():
    rng = random.Random(20240517)
    for _ in range(600):
        n = rng.randint(0, 12)
        intervals = []
        for _ in range(n):
            start = rng.randint(-20, 20)
            intervals.append((start, start + rng.randint(0, 6)))
        max_gap = rng.randint(0, 4)
        expected = brute_force(intervals, max_gap)
        assert merge_with_gaps(list(intervals), max_gap) == expected, (intervals, max_gap)


def test_large_input_is_fast_enough():
    rng = random.Random(7)
    intervals = [(s, s + rng.randint(0, 3)) for s in (rng.randint(0, 10**6) for _ in range(200_000))]
    result = merge_with_gaps(intervals, 1)
    assert result == sorted(result)
    assert all(b[0] - a[1] > 1 for a, b in pairwise(result))
