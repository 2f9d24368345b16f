"""The arithmetic pipeline's register counts and valid-bit chain
(`asic.dialects.dataflow.pipeline`), which the timing models of the MVU,
reduction, add and concat engines and their RTL builders share."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from asic.dialects.dataflow.concat import concat_stages
from asic.dialects.dataflow.pipeline import (
    ADD_CHUNK_BITS,
    constant_sum_stages,
    multiplier_bits,
    requantize_bits,
    requantize_stages,
    requantizer_stages,
    shift_through,
)
from asic.dialects.dataflow.window_reduce import reduce_stages


@given(st.integers(0, 5), st.lists(st.integers(0, 1), min_size=1, max_size=20))
def test_a_valid_bit_leaves_the_chain_as_many_advances_later_as_it_has_registers(stages, bits):
    pipe, out = (0,) * stages, []
    for bit in bits + [0] * stages:
        leaving, pipe = shift_through(pipe, bit)
        out.append(leaving)
    assert out == [0] * stages + bits
    assert len(pipe) == stages


def test_a_constant_multiplier_takes_no_register_a_run_time_one_its_slices():
    constant = requantizer_stages(20, 31, 8, 36, False)
    bits = requantize_bits(20, 31, 8, 36)
    assert constant == 1 + -(-bits // ADD_CHUNK_BITS)
    assert requantizer_stages(20, 31, 8, 36, True) == constant + 1


def test_the_mvu_count_is_the_requantizer_count_of_its_widest_multiplier():
    m = np.array([3, 1 << 30, 5, 7])
    s = np.array([4, 36, 2, 1])
    # two folds of two lanes: lane 0 holds 3 then 5, which differ: a ROM
    assert requantize_stages(m, s, 2, 2, 20, 8) == requantizer_stages(20, 31, 8, 36, True)
    same = np.array([3, 9, 3, 9])
    assert requantize_stages(same, s, 2, 2, 20, 8) == requantizer_stages(20, 4, 8, 36, False)
    assert multiplier_bits(np.array([0])) == 1


def test_engine_counts():
    # a reduction registers its finished sum first
    assert reduce_stages(14, 16, 8, 20, False) == 1 + requantizer_stages(14, 16, 8, 20, False)
    # a concat registers the moving beat, then the slowest input's requantizer of x - z
    slow = requantizer_stages(10, 31, 8, 31, False)
    assert concat_stages([(8, 1, 0), (8, 1 << 30, 31)], 8) == 1 + slow
    assert constant_sum_stages(48) == 3 and constant_sum_stages(24) == 2
