"""Digit-serial weights in the matrix-vector unit (`weight_digits`,
`asic.dialects.dataflow.mvu`) in pipelines (the engine alone: test_mvu.py):
random MLPs with random foldings and digits give the qnt interpreter's
integers in the dataflow interpreter, and the dataflow interpreter's
integers and frame cycles in the RTL interpreter; `tile{digits=true}`
takes fractions of multipliers where whole ones would idle; and a
LeNet-style CNN tiled so at a small budget runs in Verilator with the qnt
interpreter's integers and the predicted interval and latency (slow: a
minute)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

import numpy as np
import onnx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr
from xdsl.utils.exceptions import VerifyException

from asic.dialects import dataflow as df
from asic.examples.digits import DigitsSplit
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.boundary import integer_outputs
from support.compiled_models import Compiled, check_verilator, lint
from support.conv_nets import Conv, ConvNetSpec, Dense, Pool, conv_net_specs
from support.dataflow_models import MlpSpec, qnt_mlp, random_float_inputs
from support.lowered import check_lowered


def _check_digit_serial(module, choose: Callable[[tuple[int, ...]], int], budget: int, seed: int, count: int = 3) -> int:
    """Fix each MVU's weight digits of the qnt `module` to the one `choose`
    picks among those it allows (`MvuOp.digits_factor`), tile it under
    `budget` multipliers, schedule: the dataflow interpreter gives the qnt
    interpreter's integers on `count` random inputs, and the RTL
    interpreter the dataflow interpreter's integers and frame cycles, with
    gaps and stalls. Returns the number of MVUs over several rows (of a
    convolution) with digits."""
    inputs = random_float_inputs(module, count, seed)
    reference = _integers(module, inputs)
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    convolutions = 0
    for op in module.walk():
        if isinstance(op, df.MvuOp) and (digits := choose(op.digits_factor().values)) > 1:
            op.properties[df.DIGITS] = IntegerAttr(digits, 64)
            convolutions += op.rows > 1
    with contextlib.redirect_stderr(io.StringIO()):
        TilePass(multipliers=budget).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    np.testing.assert_array_equal(_integers(module, inputs), reference)
    check_lowered(module, graph, seed, count, (("1", "1"), ("110", "10")))
    return convolutions


def _integers(module, inputs: np.ndarray) -> np.ndarray:
    """The integers in front of the host's `qnt.dequantize`, a row per input."""
    return np.asarray(integer_outputs(module, [inputs])).reshape(len(inputs), -1)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_random_digit_serial_mlps_match_dataflow_interpreter_and_timing(data, seed):
    """Random MLPs (signed weights, unsigned ones of zero point 0 or not),
    each MVU at random weight digits (`_check_digit_serial`)."""
    sizes = data.draw(st.lists(st.integers(2, 9), min_size=2, max_size=3))
    weights = [data.draw(st.sampled_from(("i8", "i4", "i6", "i2", "u4", "u8"))) for _ in sizes[1:]]
    try:
        module = qnt_mlp(MlpSpec(sizes, seed=seed, tail="dequantize", weight_storages=weights))
    except VerifyException:
        return  # beyond the qnt limits
    _check_digit_serial(module, lambda values: data.draw(st.sampled_from(values)), data.draw(st.integers(4, 40)), seed)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_digit_serial_conv_nets_match_dataflow_interpreter_and_timing(data):
    """Random small CNNs (window generators in front of the MVUs, padded
    windows, residual blocks and branches), each MVU at random weight
    digits (`_check_digit_serial`)."""
    spec = replace(data.draw(conv_net_specs(("i8", "u8", "i4"), 5, 2)), tail="dequantize")
    try:
        module = spec.module()
    except VerifyException:
        return  # beyond the qnt limits
    _check_digit_serial(module, lambda values: data.draw(st.sampled_from(values)), data.draw(st.integers(8, 60)), spec.seed, 2)


@pytest.mark.parametrize("digits,budget", [(2, 12), (8, 6)])
def test_digit_serial_convolutions_match_dataflow_interpreter_and_timing(digits, budget):
    """Two 3x3 convolutions (the first padded), a max pool and a dense
    layer, every MVU at `digits` weight digits: window generators feeding
    MVUs that take a beat every `digits` cycles (`_check_digit_serial`)."""
    spec = ConvNetSpec(
        (2, 8, 8),
        (Conv(4, (3, 3), pads=(1, 1, 1, 1), activation="relu"), Pool("max", (2, 2), (2, 2)), Conv(6, (3, 3))),
        (Dense(5),),
        seed=digits,
    )
    assert _check_digit_serial(spec.module(), lambda values: digits, budget, digits) == 2


def test_tile_takes_fractions_of_multipliers_with_digits():
    """A 64-16-3 MLP (1072 MACs) under 7 multipliers: with whole weights
    the 48-MAC last layer holds a whole multiplier it uses for 48 of the
    176 cycles of the interval; with digits its multiplier takes 4-bit
    digits (`weight_digits 2`, 96 cycles), 23/32 of a full one in the cost
    model, at the same interval. Without the option the IR has no digits."""
    intervals, used = {}, {}
    for digits in (False, True):
        module = qnt_mlp(MlpSpec([64, 16, 3], seed=2))
        LowerQntToDataflowPass().apply(Context(), module)
        TilePass(multipliers=7, digits=digits).apply(Context(), module)
        fc0, fc1 = (op for op in module.walk() if isinstance(op, df.MvuOp))
        graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
        intervals[digits] = max(op.timing_alone()[0] for op in graph.engines())
        used[digits] = (fc0.cost("multipliers"), fc1.cost("multipliers"))
        assert (fc0.weight_digits is None and fc1.weight_digits is None) == (not digits)
    assert (intervals[False], used[False]) == (176, (6, 1))
    assert (intervals[True], used[True]) == (176, (6, Fraction(23, 32)))


@pytest.fixture(scope="module")
def lenet_digits(tmp_path_factory) -> tuple[Compiled, DigitsSplit]:
    """The LeNet-style CNN, W8A8, tiled with digits under 16 multipliers,
    and its held-out images."""
    from asic.examples.digits import load_digits_split
    from support.conv_models import lenet

    data = load_digits_split()
    directory = tmp_path_factory.mktemp("lenet_digits")
    onnx.save(lenet(), directory / "model.onnx")
    np.savez(directory / "calib.npz", image=data.x_train[:128].reshape(-1, 1, 8, 8).astype(np.float32))
    return Compiled(directory, 8, 8, 16, digits=True), data


@pytest.mark.slow
def test_lenet_with_digits_in_verilator(lenet_digits, tmp_path):
    """The last dense layer takes its weights in 4-bit digits (the others
    keep whole weights at this budget); Verilator lints the design silently
    and gives the qnt interpreter's integers on 12 held-out images with the
    interval and latency the dataflow interpreter predicts."""
    compiled, data = lenet_digits
    mvus = {op.engine_label: op.digits_value for op in compiled.graph.engines() if isinstance(op, df.MvuOp)}
    assert mvus == {"conv1.weight": 1, "conv2.weight": 1, "fc1.weight": 1, "fc2.weight": 2}
    lint(compiled.rtl, tmp_path)
    x = data.x_test[:12].reshape(-1, 1, 8, 8).astype(np.float32)
    check_verilator(compiled, x, data.y_test[:12])
