"""Non-finite values at the quantized levels ("Non-finite values" in
`asic.dialects.qnt`): an infinite input saturates, identically at the qnt
and dataflow levels; a NaN input is the same run-time error at both; with
dynamic quantization an infinity is an error too; NaN weights are
diagnostics of the compile-time quantizers (quantize, the QDQ importer)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import helper
from xdsl.context import Context
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.interp.runner import run_function
from asic.lowering.onnx.importer import import_onnx
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from support.dataflow_models import MlpSpec, qnt_mlp
from support.qdq_models import dq_node, init, q_node, qdq_model


def _levels(seed: int):
    """The same MLP at the qnt level and at the dataflow level."""
    qnt_level = qnt_mlp(MlpSpec([6, 5, 4], seed=seed, tail="dequantize"))
    dataflow_level = qnt_level.clone()
    LowerQntToDataflowPass().apply(Context(), dataflow_level)
    SchedulePass().apply(Context(), dataflow_level)
    return qnt_level, dataflow_level


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 1000), st.lists(st.sampled_from([np.inf, -np.inf, 0.5, -2.0]), min_size=6, max_size=6))
def test_infinities_saturate_at_every_level(seed: int, row: list[float]) -> None:
    qnt_level, dataflow_level = _levels(seed)
    x = np.array([row], np.float32)
    big = np.where(np.isinf(x), np.sign(x) * 1e30, x).astype(np.float32)  # beyond any range
    expected = run_function(qnt_level, [big])
    for module in (qnt_level, dataflow_level):
        got = run_function(module, [x])
        for name, value in expected.items():
            np.testing.assert_array_equal(got[name], value)


@pytest.mark.parametrize("index", [0, 3, 5])
def test_nan_is_the_same_error_at_every_level(index: int) -> None:
    qnt_level, dataflow_level = _levels(7)
    x = np.zeros((2, 1, 6), np.float32)  # a batch: the second sample holds the NaN
    x[1, 0, index] = np.nan
    messages = []
    for module in (qnt_level, dataflow_level):
        with pytest.raises(InterpretationError) as info:
            run_function(module, [x])
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert f"holds 1 NaN value(s), the first nan at index [1, {index}]" in messages[0]
    assert messages[0].startswith("qnt.quantize %q:")


def test_dynamic_quantization_refuses_infinities() -> None:
    qnt_level, _ = _levels(3)
    x = np.zeros((1, 6), np.float32)
    x[0, 2] = -np.inf
    with pytest.raises(InterpretationError, match="1 NaN or infinite value\\(s\\), the first -inf at index \\[0, 2\\]"):
        run_function(qnt_level, [x], dynamic_quantization=True)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_qdq_import_refuses_a_non_finite_float_weight(bad: float) -> None:
    """A QuantizeLinear of a float initializer is quantized at import."""
    w = np.ones((4, 3), np.float32)
    w[2, 1] = bad
    nodes = [
        q_node("x", "xq", "s", "z"), dq_node("xq", "xd", "s", "z"),
        q_node("w", "wq", "ws", "wz"), dq_node("wq", "wd", "ws", "wz"),
        helper.make_node("MatMul", ["xd", "wd"], ["y"], name="mm"),
    ]  # fmt: skip
    inits = [init("s", np.float32(0.1)), init("z", np.uint8(0)), init("w", w),
             init("ws", np.float32(0.05)), init("wz", np.int8(0))]  # fmt: skip
    model = qdq_model(nodes, inits)
    with pytest.raises(UserError, match=f"QuantizeLinear node 'q_wq': the float constant 'w' holds {bad} at index \\[2, 1\\]"):
        import_onnx(model)
