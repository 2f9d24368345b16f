"""The float functions the nn elementwise ops carry (`float_function`):
against float64 numpy references, in every float dtype, and as the one
function the interpreter runs, the quantizer tabulates and the ONNX frontend
(float and QDQ) reads."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from xdsl.dialects.builtin import Float16Type, Float32Type, Float64Type, ModuleOp, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import Attribute
from xdsl.utils.test_value import create_ssa_value

from asic.dialects import nn
from asic.interp.nn import NnFunctions
from asic.lowering.onnx.graph import GraphImporter
from asic.lowering.onnx.importer import import_onnx
from asic.lowering.onnx.ops import CONVERTERS, ELEMENTWISE
from asic.passes.quantization.mapping import RULES, Lowering

DTYPES = {np.float16: Float16Type(), np.float32: Float32Type(), np.float64: Float64Type()}

Reference = Callable[[np.ndarray, Mapping[str, float]], np.ndarray]

REFERENCES: dict[type[nn.ElementwiseFunctionOp], Reference] = {
    nn.ReluOp: lambda x, p: np.where(x > 0, x, 0.0),
    nn.SigmoidOp: lambda x, p: np.exp(-np.logaddexp(0.0, -x)),
    nn.TanhOp: lambda x, p: np.tanh(x),
    nn.LeakyReluOp: lambda x, p: np.where(x >= 0, x, p["alpha"] * x),
    nn.ClipOp: lambda x, p: np.clip(x, p.get("min", -np.inf), p.get("max", np.inf)),
}
"""Each function in float64 (the property values given in the tensor's dtype)."""

EXACT = (nn.ReluOp, nn.LeakyReluOp, nn.ClipOp)
"""Functions whose result is one rounding of the float64 reference."""


def test_every_elementwise_function_has_a_reference() -> None:
    assert set(nn.ELEMENTWISE_FUNCTIONS) == set(REFERENCES)


@st.composite
def cases(draw: st.DrawFn) -> tuple[type[nn.ElementwiseFunctionOp], dict[str, float], np.ndarray]:
    op_type = draw(st.sampled_from(nn.ELEMENTWISE_FUNCTIONS))
    dtype = draw(st.sampled_from(list(DTYPES)))
    finite = st.floats(allow_nan=False, allow_infinity=False, width=np.finfo(dtype).bits)
    x = draw(hnp.arrays(dtype, hnp.array_shapes(max_dims=3, max_side=5), elements=finite))
    values: dict[str, float] = {}
    if op_type is nn.LeakyReluOp:
        values["alpha"] = draw(st.floats(-4, 4, width=np.finfo(dtype).bits))
    if op_type is nn.ClipOp:
        bounds = sorted(draw(st.lists(finite, min_size=2, max_size=2)))
        for name, bound in zip(("min", "max"), bounds):
            if draw(st.booleans()):
                values[name] = bound
    return op_type, values, x


def _properties(values: Mapping[str, float]) -> dict[str, Attribute]:
    return {name: nn.f64_attr(v) for name, v in values.items()}


def _op(op_type: type[nn.ElementwiseFunctionOp], values: Mapping[str, float], x: np.ndarray):
    ty = TensorType(DTYPES[x.dtype.type], x.shape)
    return op_type.create(
        operands=[create_ssa_value(ty)], result_types=[ty], properties=_properties(values)
    )


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_float_functions_match_float64_references(case) -> None:
    op_type, values, x = case
    op = _op(op_type, values, x)
    op.verify()
    with np.errstate(all="ignore"):
        y = op.float_function(x)
        reference = REFERENCES[op_type](x.astype(np.float64), values).astype(x.dtype)
    assert y.dtype == x.dtype and y.shape == x.shape
    if op_type in EXACT:
        np.testing.assert_array_equal(y, reference)
    else:
        info = np.finfo(x.dtype)
        np.testing.assert_allclose(y, reference, rtol=4 * float(info.eps), atol=float(info.tiny))


@settings(max_examples=100, deadline=None)
@given(case=cases())
def test_function_with_properties_is_the_ops_function(case) -> None:
    """What a frontend tabulates without an op (`function_with`) is what the
    op computes, bit for bit; so is what the interpreter returns."""
    op_type, values, x = case
    op = _op(op_type, values, x)
    with np.errstate(all="ignore"):
        expected = op.float_function(x)
        detached = op_type.function_with(_properties(values))(x)
    np.testing.assert_array_equal(detached, expected)
    interpreter = Interpreter(ModuleOp([]))
    interpreter.register_implementations(NnFunctions())
    (interpreted,) = interpreter.run_op(op, (x,))
    assert interpreted.dtype == x.dtype
    np.testing.assert_array_equal(interpreted, expected)


def test_quantize_tabulates_every_elementwise_function_but_the_clamps() -> None:
    for op_type in nn.ELEMENTWISE_FUNCTIONS:
        expected = Lowering.clamp if op_type in (nn.ReluOp, nn.ClipOp) else Lowering.lut
        assert RULES[op_type].lower is expected, op_type.name


@pytest.mark.parametrize("op_type", sorted(ELEMENTWISE))
def test_onnx_elementwise_ops_import_as_their_function(op_type: str) -> None:
    """The float import emits the table's op with the node's properties, and
    the function the QDQ import tabulates is that op's."""
    attributes = {"alpha": 0.25} if op_type == "LeakyRelu" else {}
    node = onnx.helper.make_node(op_type, ["x"], ["y"], name="f", **attributes)
    graph = onnx.helper.make_graph(
        [node],
        "g",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 7])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 7])],
    )
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)])
    (op,) = [o for o in import_onnx(model).walk() if isinstance(o, nn.ElementwiseFunctionOp)]
    assert type(op) is ELEMENTWISE[op_type].op
    x = np.linspace(-3, 3, 7, dtype=np.float64).reshape(1, 7)
    importer = GraphImporter(model, 1, None, "", CONVERTERS)
    function = ELEMENTWISE[op_type].function(importer.node(node))
    np.testing.assert_array_equal(function(x), op.float_function(x))
