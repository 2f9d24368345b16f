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
    ADDER_FAN_IN,
    MAC_CARRY_SAVE_LEVELS,
    REQUANTIZE_MORE_TERMS,
    carry_save_levels,
    constant_sum_stages,
    multiplier_bits,
    requantize_bits,
    requantize_stages,
    requantize_saves,
    requantizer_stages,
    shift_through,
    signed_digits,
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


@given(st.integers(3, 200))
def test_a_full_adder_level_turns_every_three_numbers_into_two(terms):
    levels = carry_save_levels(terms)
    assert carry_save_levels(terms - terms // 3) == levels - 1
    assert carry_save_levels(2) == carry_save_levels(1) == 0


def test_an_adder_stage_adds_as_many_numbers_as_a_mac_reduces():
    # an 8x8 multiply-accumulate: 8 partial products and the accumulator, 4 levels
    assert MAC_CARRY_SAVE_LEVELS == 4
    assert carry_save_levels(ADDER_FAN_IN) <= MAC_CARRY_SAVE_LEVELS < carry_save_levels(ADDER_FAN_IN + 1)
    assert ADDER_FAN_IN == 9


def test_a_requantizer_registers_its_carry_save_pair_only_when_the_terms_do_not_fit_a_stage():
    # a multiplier of 1 (requantization by shifts) and its four more terms fit one stage
    assert not requantize_saves(1, False)
    widest = max(m for m in range(1, 40) if m // 2 + 1 + REQUANTIZE_MORE_TERMS <= ADDER_FAN_IN)
    assert not requantize_saves(widest, False) and requantize_saves(widest + 1, False)
    assert requantize_saves(1, True)  # behind a run-time multiplier's registered slices
    bits = requantize_bits(20, 1, 8, 10)
    assert requantizer_stages(20, 1, 8, 10, False) == -(-bits // ADD_CHUNK_BITS)


@given(st.integers(1, 1 << 40))
def test_a_constant_of_m_bits_has_at_most_m_halves_plus_one_signed_digits(value):
    # the bound requantize_saves counts a constant multiplier's terms with
    assert len(signed_digits(value)) <= value.bit_length() // 2 + 1
