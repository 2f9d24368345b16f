"""Random networks through every level (`support.differential`): the qnt
interpreter, the dataflow interpreter, the RTL interpreter and Verilator
give the same integers, and every frame starts and ends in the cycle the
dataflow timing model predicts. A handful of dense and convolutional
models here (a few through Verilator, whose builds take seconds each; more
under `slow`); bench/bench_differential.py runs a thousand and saves the
failing model shrunk."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings

from support.conv_nets import Branches, Conv, ConvNetSpec, Dense, Pool, Residual
from support.differential import Case, buildable, check, conv_cases, dense_cases

SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@settings(SETTINGS, max_examples=12)
@given(dense_cases())
def test_interpreters_agree_on_random_mlps(case: Case) -> None:
    assume(buildable(case))
    check(case)


@settings(SETTINGS, max_examples=3)
@given(dense_cases(max_width=12))
def test_verilator_agrees_on_random_mlps(case: Case) -> None:
    assume(buildable(case))
    check(case, verilator=True)


@settings(SETTINGS, max_examples=8)
@given(conv_cases(max_side=6, max_layers=3))
def test_interpreters_agree_on_random_cnns(case: Case) -> None:
    assume(buildable(case))
    check(case)


SMALL_CNN = ConvNetSpec(
    (2, 6, 5),
    (
        Conv(3, (3, 2), strides=(2, 1), pads=(1, 0, 0, 1), activation="relu6", storage="u6", weight_storage="i4"),
        Residual(Conv(3, (3, 3), pads=(1, 1, 1, 1), groups=3, activation="lut", storage="i4"), relu=True, storage="u8"),
        Pool("max", (2, 2), strides=(2, 2), ceil_mode=True),
        Branches((Conv(2, (1, 1), activation="relu"), Conv(1, (3, 3), pads=(1, 1, 1, 1))), storage="i6"),
    ),
    (Dense(5, "i8", "u4"),),
    input_storage="i8",
    tail="argmax",
    requantize="shift",
    seed=3,
)
"""Every layer kind in one small network: an asymmetrically padded, strided
convolution with ReLU6, a residual block around a depthwise convolution
with a lookup table, a ceil-mode max pool, a concat of two branches, a
flatten into a dense layer, an argmax."""


def test_verilator_agrees_on_a_small_cnn() -> None:
    check(Case(SMALL_CNN, budget=0.3, frames=2, valid_pattern="110", ready_pattern="0111"), verilator=True)


ONE_PIXEL_CNN = ConvNetSpec(
    (2, 1, 1),
    (Conv(3, (1, 1)), Residual(Conv(3, (3, 3), pads=(1, 1, 1, 1)), relu=False, storage="i8")),
    (),
    input_storage="i8",
    tail="dequantize",
    requantize="multiply",
    seed=0,
)
"""A 3x3 convolution over a one-pixel image: one window, so its MVU has a
single row, behind a window generator that pads whenever `simd` does not
divide the 27 elements of a window (found by the campaign: `tile` chose a
non-divisor `simd`, the windows came padded to 28 and the MVU's verifier
refused them)."""


@pytest.mark.parametrize("budget", [0.5, 0.75, 1.0])
def test_a_single_row_mvu_behind_a_padding_window_generator(budget: float) -> None:
    check(Case(ONE_PIXEL_CNN, budget=budget, frames=2))


@pytest.mark.slow
@settings(SETTINGS, max_examples=20)
@given(conv_cases())
def test_interpreters_agree_on_more_random_cnns(case: Case) -> None:
    assume(buildable(case))
    check(case)


@pytest.mark.slow
@settings(SETTINGS, max_examples=3)
@given(conv_cases(max_side=6))
def test_verilator_agrees_on_more_random_cnns(case: Case) -> None:
    assume(buildable(case))
    check(case, verilator=True)
