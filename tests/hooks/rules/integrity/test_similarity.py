"""The signature similarity counted on whole integers equals the lane-by-lane count."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st
from taskgate.hooks.rules.integrity.signatures import NUM_PERM, similarity

LANES = st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=NUM_PERM, max_size=NUM_PERM)


def lane_by_lane(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b)) / NUM_PERM


@settings(derandomize=True, max_examples=300)
@given(LANES, st.lists(st.tuples(st.integers(0, NUM_PERM - 1), st.integers(0, 31)), max_size=NUM_PERM))
def test_equals_the_lane_by_lane_share(lanes, flips):
    other = list(lanes)
    for lane, bit in flips:  # one bit anywhere in a lane, bit 0 and bit 31 included
        other[lane] ^= 1 << bit
    packed = struct.pack(f"<{NUM_PERM}I", *lanes), struct.pack(f"<{NUM_PERM}I", *other)
    assert similarity(*packed) == lane_by_lane(lanes, other)


def test_edge_values():
    zeros, ones = bytes(4 * NUM_PERM), b"\xff" * (4 * NUM_PERM)
    assert similarity(zeros, zeros) == similarity(ones, ones) == 1.0
    assert similarity(zeros, ones) == 0.0
    top_bit_only = struct.pack(f"<{NUM_PERM}I", *([2**31] + [0] * (NUM_PERM - 1)))
    assert similarity(zeros, top_bit_only) == (NUM_PERM - 1) / NUM_PERM
    assert similarity(b"", zeros) == similarity(zeros, zeros[:-4]) == 0.0
