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

from fractions import Fraction

import numpy as np
import onnx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.utils.exceptions import VerifyException

from asic.dialects import dataflow as df
from asic.examples.digits import DigitsSplit
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.boundary import integer_outputs
from support.compiled_models import Compiled, check_verilator, lint
from support.dataflow_models import MlpSpec, qnt_mlp
from support.lowered import check_lowered


def _with_digits(module, draw_digits) -> None:
    """Fix each MVU's weight digits to one `draw_digits` picks among those it
    allows (`MvuOp.digits_factor`)."""
    for op in module.walk():
        if isinstance(op, df.MvuOp):
            op.apply_folding((op.pe_value, op.simd_value, draw_digits(op.digits_factor().values)))
            op.properties.pop("pe"), op.properties.pop("simd")  # left to tile


SIGNED = ("i8", "i4", "i6", "i2")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_random_digit_serial_mlps_match_dataflow_interpreter_and_timing(data, seed):
    """Random MLPs (signed weights and an unsigned layer with zero point
    0 or not), each MVU at random weight digits and a random budget: the
    dataflow interpreter gives the qnt interpreter's integers, and the RTL
    interpreter the dataflow interpreter's integers and frame cycles, with
    gaps and stalls."""
    sizes = data.draw(st.lists(st.integers(2, 9), min_size=2, max_size=3))
    layers = len(sizes) - 1
    weights = [data.draw(st.sampled_from((*SIGNED, "u4", "u8"))) for _ in range(layers)]
    spec = MlpSpec(sizes, seed=seed, tail="dequantize", weight_storages=weights)
    try:
        module = qnt_mlp(spec)
    except VerifyException:
        return  # beyond the qnt limits
    inputs = np.random.default_rng(seed).normal(0, 2, (4, 1, sizes[0])).astype(np.float32)
    reference = _qnt_integers(module, inputs)
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    _with_digits(module, lambda values: data.draw(st.sampled_from(values)))
    TilePass(multipliers=data.draw(st.integers(4, 40))).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    np.testing.assert_array_equal(_qnt_integers(module, inputs), reference)
    check_lowered(module, graph, seed, 4, (("1", "1"), ("110", "10")))


def _qnt_integers(module, inputs: np.ndarray) -> np.ndarray:
    return np.asarray(integer_outputs(module, [inputs])).reshape(len(inputs), -1)


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
    """Some MVU takes its weights in digits (a convolution's among them);
    Verilator lints the design silently and gives the qnt interpreter's
    integers on 12 held-out images with the interval and latency the
    dataflow interpreter predicts."""
    compiled, data = lenet_digits
    mvus = [op for op in compiled.graph.engines() if isinstance(op, df.MvuOp)]
    assert any(op.digits_value > 1 and op.rows > 1 for op in mvus)
    lint(compiled.rtl, tmp_path)
    x = data.x_test[:12].reshape(-1, 1, 8, 8).astype(np.float32)
    check_verilator(compiled, x, data.y_test[:12])
