"""Reward tests for the fixed pack_batches."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from batching import pack_batches


def brute_force(sizes, max_tokens):
    """Oracle: rebuild the greedy batches from their definition, one index at a time."""
    batches = []
    for index, size in enumerate(sizes):
        if batches and sum(sizes[i] for i in batches[-1]) + size <= max_tokens:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


def test_empty_input_has_no_batches():
    assert pack_batches([], 10) == []


def test_single_item():
    assert pack_batches([3], 10) == [[0]]


def test_example_from_prompt():
    assert pack_batches([4, 3, 5, 2, 6], 8) == [[0, 1], [2, 3], [4]]


def test_last_batch_is_not_dropped():
    """The final partial batch is returned, not dropped."""
    assert pack_batches([5, 5, 5], 8) == [[0], [1], [2]]
    assert pack_batches([1, 1], 8) == [[0, 1]]


def test_batch_filled_exactly_to_the_limit():
    assert pack_batches([3, 5, 8], 8) == [[0, 1], [2]]
    assert pack_batches([8, 8], 8) == [[0], [1]]


def test_item_of_exactly_max_tokens_at_start():
    assert pack_batches([10, 1], 10) == [[0], [1]]


def test_no_empty_batches_are_emitted():
    for batch in pack_batches([9, 1, 10, 10, 2, 9], 10):
        assert batch


def test_order_is_preserved_not_bin_packed():
    """Items are never reordered: greedy in order, not bin packing."""
    # A bin-packing heuristic would put item 2 with item 0; greedy in-order must not.
    assert pack_batches([6, 5, 4], 10) == [[0], [1, 2]]


def test_zero_sized_items_join_the_current_batch():
    assert pack_batches([0, 0, 0], 1) == [[0, 1, 2]]
    assert pack_batches([5, 0, 5, 0], 5) == [[0, 1], [2, 3]]


def test_max_tokens_one():
    assert pack_batches([1, 1, 0, 1], 1) == [[0], [1, 2], [3]]


def test_oversized_item_raises():
    """An item larger than max_tokens raises ValueError."""
    with pytest.raises(ValueError):
        pack_batches([1, 11, 1], 10)


def test_negative_size_raises():
    """An item with a negative size raises ValueError."""
    with pytest.raises(ValueError):
        pack_batches([1, -1], 10)


@pytest.mark.parametrize("max_tokens", [0, -5])
def test_non_positive_max_tokens_raises(max_tokens):
    with pytest.raises(ValueError):
        pack_batches([], max_tokens)


def test_input_is_not_mutated():
    sizes = [4, 3, 5]
    pack_batches(sizes, 8)
    assert sizes == [4, 3, 5]


def test_randomized_against_brute_force():
    rng = random.Random(31337)
    for _ in range(500):
        max_tokens = rng.randint(1, 12)
        sizes = [rng.randint(0, max_tokens) for _ in range(rng.randint(0, 25))]
        assert pack_batches(sizes, max_tokens) == brute_force(sizes, max_tokens), (sizes, max_tokens)


def test_every_batch_respects_the_limit_and_indices_are_contiguous():
    rng = random.Random(4242)
    sizes = [rng.randint(0, 50) for _ in range(5000)]
    batches = pack_batches(sizes, 50)
    flat = [index for batch in batches for index in batch]
    assert flat == list(range(len(sizes)))
    assert all(sum(sizes[i] for i in batch) <= 50 for batch in batches)
    # Greedy: the first item of each batch did not fit into the previous one.
    for prev, nxt in pairwise(batches):
        assert sum(sizes[i] for i in prev) + sizes[nxt[0]] > 50
