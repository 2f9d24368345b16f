"""The float functions the nn elementwise ops carry (`float_function`):
against float64 numpy references, in every float dtype, and as the one
function the interpreter runs, the quantizer tabulates and the ONNX frontend
(float and QDQ) reads."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import expit
from xdsl.dialects.builtin import Float16Type, Float32Type, Float64Type, ModuleOp, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import Attribute
from xdsl.utils.test_value import create_ssa_value

from asic.dialects import nn
from asic.interp.nn import NnFunctions
from asic.lowering.onnx.graph import OP_VERSIONS, GraphImporter
from asic.lowering.onnx.importer import import_onnx
from asic.lowering.onnx.ops import CONVERTERS, ELEMENTWISE
from asic.passes.quantization.mapping import RULES, Lowering

DTYPES = {np.float16: Float16Type(), np.float32: Float32Type(), np.float64: Float64Type()}

Reference = Callable[[np.ndarray, Mapping[str, float]], np.ndarray]


def _half_exp(x: np.ndarray) -> np.ndarray:
    """`exp(x) / 2`, finite wherever it is representable."""
    h = np.exp(x / 2)
    return h * (h / 2)

REFERENCES: dict[type[nn.ElementwiseFunctionOp], Reference] = {
    nn.ReluOp: lambda x, p: np.where(x > 0, x, 0.0),
    nn.SigmoidOp: lambda x, p: expit(x),  # exp(-logaddexp) loses ~16 ulp at |x| = 17
    nn.TanhOp: lambda x, p: np.tanh(x),
    nn.LeakyReluOp: lambda x, p: np.where(x >= 0, x, p["alpha"] * x),
    nn.ClipOp: lambda x, p: np.clip(x, p.get("min", -np.inf), p.get("max", np.inf)),
    nn.ErfOp: lambda x, p: np.vectorize(math.erf, otypes=[float])(x),
    nn.GeluOp: lambda x, p: x / 2 * np.vectorize(math.erfc, otypes=[float])(-x / math.sqrt(2)),
    nn.GeluTanhOp: lambda x, p: x / 2 * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x))),
    nn.SqrtOp: lambda x, p: np.sqrt(x),
    nn.ExpOp: lambda x, p: np.exp(x),
    nn.LogOp: lambda x, p: np.log(x),
    nn.ReciprocalOp: lambda x, p: 1 / x,
    nn.NegOp: lambda x, p: 0 - x,
    nn.AbsOp: lambda x, p: np.where(x < 0, -x, x),
    nn.FloorOp: lambda x, p: np.floor(x),
    nn.CeilOp: lambda x, p: -np.floor(-x),
    nn.RoundOp: lambda x, p: np.rint(x),
    nn.SignOp: lambda x, p: (x > 0).astype(float) - (x < 0),
    nn.SinOp: lambda x, p: np.sin(x),
    nn.CosOp: lambda x, p: np.cos(x),
    nn.TanOp: lambda x, p: np.sin(x) / np.cos(x),
    nn.AsinOp: lambda x, p: np.arctan2(x, np.sqrt((1 - x) * (1 + x))),
    nn.AcosOp: lambda x, p: np.arctan2(np.sqrt((1 - x) * (1 + x)), x),
    nn.AtanOp: lambda x, p: np.arctan2(x, 1.0),
    nn.SinhOp: lambda x, p: np.where(
        np.abs(x) > 20, np.sign(x) * _half_exp(np.abs(x)), (np.expm1(x) - np.expm1(-x)) / 2
    ),
    nn.CoshOp: lambda x, p: np.where(
        np.abs(x) > 20, _half_exp(np.abs(x)), (np.exp(x) + np.exp(-x)) / 2
    ),
    nn.AsinhOp: lambda x, p: np.vectorize(math.asinh, otypes=[float])(x),
    nn.AcoshOp: lambda x, p: np.where(x < 1, np.nan, np.vectorize(math.acosh, otypes=[float])(np.maximum(x, 1))),
    nn.AtanhOp: lambda x, p: np.where(np.abs(x) > 1, np.nan, np.vectorize(lambda v: math.atanh(v) if abs(v) < 1 else math.copysign(math.inf, v), otypes=[float])(np.clip(x, -1, 1))),
    nn.SwishOp: lambda x, p: x / (1 + np.exp(-p["alpha"] * x)),
    nn.SoftplusOp: lambda x, p: np.where(x > 40, x, np.log1p(np.exp(np.minimum(x, 40)))),
    nn.SoftsignOp: lambda x, p: x / (1 + np.abs(x)),
    nn.MishOp: lambda x, p: x * np.tanh(np.where(x > 40, x, np.log1p(np.exp(np.minimum(x, 40))))),
    nn.HardSwishOp: lambda x, p: x * (np.minimum(np.maximum(x + 3, 0), 6) / 6),
    nn.HardSigmoidOp: lambda x, p: np.minimum(np.maximum(p["alpha"] * x + p["beta"], 0), 1),
    nn.EluOp: lambda x, p: np.where(x < 0, p["alpha"] * np.expm1(np.minimum(x, 0)), x),
    nn.CeluOp: lambda x, p: np.maximum(x, 0) + np.minimum(p["alpha"] * np.expm1(x / p["alpha"]), 0),
    nn.SeluOp: lambda x, p: p["gamma"] * np.where(x > 0, x, p["alpha"] * np.expm1(np.minimum(x, 0))),
    nn.ThresholdedReluOp: lambda x, p: np.where(x > p["alpha"], x, 0),
    nn.ShrinkOp: lambda x, p: np.select([x > p["lambd"], x < -p["lambd"]], [x - p["bias"], x + p["bias"]], 0),
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
    if issubclass(op_type, nn.WideFunctionOp):
        low = 0.125 if op_type is nn.CeluOp else -4  # celu divides by alpha
        for name in op_type.SYNTAX:
            values[name] = draw(st.floats(low, 4, width=np.finfo(dtype).bits))
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
    opset = max(17, OP_VERSIONS[op_type][0])  # Gelu, Mish, Swish are newer
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", opset)])
    (op,) = [o for o in import_onnx(model).walk() if isinstance(o, nn.ElementwiseFunctionOp)]
    assert type(op) is ELEMENTWISE[op_type].op
    x = np.linspace(-3, 3, 7, dtype=np.float64).reshape(1, 7)
    importer = GraphImporter(model, 1, None, "", CONVERTERS)
    function = ELEMENTWISE[op_type].function(importer.node(node))
    np.testing.assert_array_equal(function(x), op.float_function(x))
