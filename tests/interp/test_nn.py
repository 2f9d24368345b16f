"""The nn interpreter against ONNX: every op, built with the Python API, run
through `run_function` and compared with the same op as a single-node ONNX
model run by onnx's reference evaluator.

Two documented exceptions use onnxruntime as the reference instead, because
the reference evaluator of onnx 1.23 is wrong there:

- MaxPool: it reads asymmetric `pads` as (begin, end) pairs per axis instead
  of ONNX's begins-then-ends (wrong shapes, or a crash), and with `ceil_mode`
  its output is too large even with stride 1;
- AveragePool with `ceil_mode`: it counts the extra ceil-mode area with
  `count_include_pad` (onnxruntime, PyTorch and the nn docstring do not);
- LRN: its loop runs over the batch axis instead of the channels, so it is
  only right when N == C (used below for even sizes, which onnxruntime
  rejects).

Tolerances are rtol 1e-5 / atol 1e-6 for f32 throughout.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import onnxruntime as ort
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes
from onnx import TensorProto, helper, numpy_helper
from onnx.helper import np_dtype_to_tensor_dtype
from onnx.reference import ReferenceEvaluator
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    BFloat16Type,
    BytesAttr,
    DenseIntOrFPElementsAttr,
    ModuleOp,
    TensorType,
)
from xdsl.ir import Attribute, Block, Region
from xdsl.utils.exceptions import InterpretationError, VerifyException

from asic.dialects import nn
from asic.dialects.attributes import dense_from_array, element_type_for
from asic.interp.runner import run_function

RTOL, ATOL = 1e-5, 1e-6
OPSET = 19
CASES = settings(max_examples=40, deadline=None)


# --------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------


def onnx_run(
    op_type: str,
    inputs: Sequence[np.ndarray | None],
    attrs: dict[str, Any] | None = None,
    *,
    out_dtype: np.dtype | type | None = None,
    runtime: str = "reference",
    opset: int = OPSET,
) -> np.ndarray:
    """Output of a single-node ONNX model; `None` inputs are omitted
    optional inputs."""
    names = ["" if a is None else f"in{i}" for i, a in enumerate(inputs)]
    feeds = {n: a for n, a in zip(names, inputs) if a is not None}
    out_dtype = np.dtype(out_dtype or next(iter(feeds.values())).dtype)
    node = helper.make_node(op_type, names, ["y"], **(attrs or {}))
    graph = helper.make_graph(
        [node],
        "single",
        [
            helper.make_tensor_value_info(n, np_dtype_to_tensor_dtype(a.dtype), a.shape)
            for n, a in feeds.items()
        ],
        [helper.make_tensor_value_info("y", np_dtype_to_tensor_dtype(out_dtype), None)],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=9 if opset <= 21 else 11
    )
    if runtime == "reference":
        with np.errstate(all="ignore"):
            return np.asarray(ReferenceEvaluator(model).run(None, feeds)[0])
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return np.asarray(session.run(None, feeds)[0])


def nn_run(
    op_type: type[nn.NNOperation],
    inputs: Sequence[np.ndarray],
    result_shape: Sequence[int],
    result_element: Attribute | None = None,
    **properties: Attribute,
) -> np.ndarray:
    """Run one nn op, the function's arguments being its operands."""
    types = [TensorType(element_type_for(a.dtype), a.shape) for a in inputs]
    result_element = result_element or element_type_for(inputs[0].dtype)
    block = Block(arg_types=types)
    op = op_type.create(
        operands=list(block.args),
        result_types=[TensorType(result_element, result_shape)],
        properties=properties,
    )
    block.add_ops([op, func.ReturnOp(op.results[0])])
    module = ModuleOp([func.FuncOp("main", (types, [op.results[0].type]), Region(block))])
    module.verify()
    (result,) = run_function(module, list(inputs)).values()
    return result


def check(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


def normal(seed: int, *shape: int, dtype: type = np.float32) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


seeds = st.integers(0, 2**16)
i64 = nn.i64_array


# --------------------------------------------------------------------------
# Constants, convolution, dense, matmul
# --------------------------------------------------------------------------


@pytest.mark.parametrize("splat", [False, True])
def test_constant(splat: bool) -> None:
    value = np.full((2, 3), 0.25, np.float32) if splat else normal(0, 2, 3)
    attr = dense_from_array(value)
    if splat:  # one stored element for the whole shape
        attr = DenseIntOrFPElementsAttr(attr.type, BytesAttr(np.float32(0.25).tobytes()))
    const = nn.ConstantOp(attr, "w")
    block = Block([const, func.ReturnOp(const.result)])
    module = ModuleOp([func.FuncOp("main", ([], [const.result.type]), Region(block))])
    module.verify()
    node = helper.make_node("Constant", [], ["y"], value=numpy_helper.from_array(value))
    graph = helper.make_graph(
        [node], "c", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    check(run_function(module, {})["result0"], ReferenceEvaluator(model).run(None, {})[0])


@st.composite
def conv_cases(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):  # depthwise, with a channel multiplier
        channels = draw(st.integers(1, 4))
        groups, out_channels = channels, channels * draw(st.integers(1, 2))
    else:
        groups = draw(st.integers(1, 3))
        channels = groups * draw(st.integers(1, 3))
        out_channels = groups * draw(st.integers(1, 3))
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    pads = draw(st.tuples(*[st.integers(0, 2)] * 4))
    spans = [(k - 1) * d + 1 for k, d in zip(kernel, dilations)]
    h = draw(st.integers(max(1, spans[0] - pads[0] - pads[2]), 7))
    w = draw(st.integers(max(1, spans[1] - pads[1] - pads[3]), 7))
    return {
        "x": (draw(st.integers(1, 2)), channels, h, w),
        "w": (out_channels, channels // groups, *kernel),
        "bias": draw(st.booleans()),
        "groups": groups,
        "strides": draw(st.tuples(st.integers(1, 3), st.integers(1, 3))),
        "pads": pads,
        "dilations": dilations,
        "seed": draw(seeds),
    }


@CASES
@given(conv_cases())
def test_conv2d(case: dict[str, Any]) -> None:
    x, w = normal(case["seed"], *case["x"]), normal(case["seed"] + 1, *case["w"])
    b = normal(case["seed"] + 2, case["w"][0]) if case["bias"] else None
    expected = onnx_run(
        "Conv",
        [x, w, b],
        {
            "group": case["groups"],
            "strides": case["strides"],
            "pads": case["pads"],
            "dilations": case["dilations"],
        },
    )
    actual = nn_run(
        nn.Conv2dOp,
        [a for a in (x, w, b) if a is not None],
        expected.shape,
        groups=nn.i64_attr(case["groups"]),
        strides=i64(case["strides"]),
        pads=i64(case["pads"]),
        dilations=i64(case["dilations"]),
    )
    check(actual, expected)


@CASES
@given(st.integers(1, 4), st.integers(1, 6), st.integers(1, 5), st.booleans(), seeds)
def test_dense(batch: int, k: int, n: int, bias: bool, seed: int) -> None:
    x, w = normal(seed, batch, k), normal(seed + 1, n, k)
    b = normal(seed + 2, n) if bias else None
    expected = onnx_run("Gemm", [x, w, b], {"transB": 1})
    check(nn_run(nn.DenseOp, [a for a in (x, w, b) if a is not None], expected.shape), expected)


@st.composite
def matmul_shapes(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    batch = draw(mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3))
    m, k, n = draw(st.tuples(*[st.integers(1, 4)] * 3))
    return (*batch.input_shapes[0], m, k), (*batch.input_shapes[1], k, n)


@CASES
@given(matmul_shapes(), seeds)
def test_matmul(shapes: tuple[tuple[int, ...], tuple[int, ...]], seed: int) -> None:
    a, b = normal(seed, *shapes[0]), normal(seed + 1, *shapes[1])
    expected = onnx_run("MatMul", [a, b])
    check(nn_run(nn.MatmulOp, [a, b], expected.shape), expected)


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------

BINARY = {nn.AddOp: "Add", nn.SubOp: "Sub", nn.MulOp: "Mul", nn.DivOp: "Div"}


@CASES
@given(
    st.sampled_from(sorted(BINARY, key=lambda c: c.name)),
    mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=3),
    seeds,
)
def test_binary_broadcasting(op_type: type[nn.NNOperation], shapes: Any, seed: int) -> None:
    a, b = normal(seed, *shapes.input_shapes[0]), normal(seed + 1, *shapes.input_shapes[1])
    expected = onnx_run(BINARY[op_type], [a, b])
    check(nn_run(op_type, [a, b], expected.shape), expected)


INTEGER_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]

INTEGER_BINARY: dict[str, tuple[type[nn.NNOperation], dict[str, Any], dict[str, Attribute]]] = {
    "Add": (nn.AddOp, {}, {}),
    "Sub": (nn.SubOp, {}, {}),
    "Mul": (nn.MulOp, {}, {}),
    "Div": (nn.DivOp, {}, {}),
    "Min": (nn.MinOp, {}, {}),
    "Max": (nn.MaxOp, {}, {}),
    "Mod": (nn.ModOp, {}, {}),
    "Mod fmod": (nn.ModOp, {"fmod": 1}, {"fmod": nn.bool_attr(True)}),
    "Pow": (nn.PowOp, {}, {}),
    "BitwiseAnd": (nn.BitwiseOp, {}, {"kind": nn.StringAttr("and")}),
    "BitwiseXor": (nn.BitwiseOp, {}, {"kind": nn.StringAttr("xor")}),
    "BitShift LEFT": (nn.BitShiftOp, {"direction": "LEFT"}, {"direction": nn.StringAttr("left")}),
    "BitShift RIGHT": (nn.BitShiftOp, {"direction": "RIGHT"}, {"direction": nn.StringAttr("right")}),
}
"""ONNX integer ops (the op type before a space) and their nn op."""


@CASES
@given(
    st.sampled_from(INTEGER_DTYPES),
    st.sampled_from(sorted(INTEGER_BINARY)),
    mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
    seeds,
)
def test_integer_binary(dtype: type, name: str, shapes: Any, seed: int) -> None:
    """Over the whole range of the type: wrapping, truncating division,
    Mod's sign rules, shifts by amounts out of range, bit by bit as onnx's
    reference (opset 28)."""
    op_type, attrs, props = INTEGER_BINARY[name]
    rng = np.random.default_rng(seed)
    info = np.iinfo(dtype)
    a = rng.integers(info.min, info.max, size=shapes.input_shapes[0], dtype=dtype, endpoint=True)
    b = rng.integers(info.min, info.max, size=shapes.input_shapes[1], dtype=dtype, endpoint=True)
    if name in ("Div", "Mod", "Mod fmod"):
        b = np.where(b == 0, dtype(1), b)  # ONNX leaves a division by 0 undefined
    elif name == "Pow":
        b = rng.integers(0, 6, size=b.shape).astype(dtype)  # the reference has no negative powers
    elif name.startswith("BitShift"):
        width = info.bits
        b = rng.integers(max(info.min, -2), min(info.max, width + 2), size=b.shape, endpoint=True).astype(dtype)
    expected = onnx_run(name.split()[0], [a, b], attrs, opset=28)
    actual = nn_run(op_type, [a, b], expected.shape, **props)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("source", [np.float32, np.int64, np.uint8, np.int8])
@pytest.mark.parametrize("target", [np.int32, np.uint16, np.int8, np.bool_])
def test_integer_cast(source: type, target: type) -> None:
    """float to integer truncates toward zero (within the target's range),
    integers wrap, anything to bool is `x != 0`."""
    rng = np.random.default_rng(3)
    if np.dtype(source).kind == "f":
        info = np.iinfo(np.dtype(target)) if np.dtype(target).kind != "b" else np.iinfo(np.int8)
        x = rng.uniform(info.min, info.max, 64).astype(source)
    else:
        info = np.iinfo(source)
        x = rng.integers(info.min, info.max, 64, dtype=source, endpoint=True)
    expected = onnx_run("Cast", [x], {"to": np_dtype_to_tensor_dtype(np.dtype(target))}, out_dtype=target)
    actual = nn_run(nn.CastOp, [x], x.shape, element_type_for(np.dtype(target)))
    np.testing.assert_array_equal(actual != 0 if target is np.bool_ else actual, expected)


INTEGER_UNARY = {"Neg": nn.NegOp, "Abs": nn.AbsOp, "Sign": nn.SignOp}
"""ONNX's elementwise functions of integers and their nn op."""


@pytest.mark.parametrize("dtype", INTEGER_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("name", sorted(INTEGER_UNARY))
def test_integer_unary(dtype: type, name: str) -> None:
    """Over the whole range of the type, its extremes included: Neg and Abs
    wrap at the minimum of a signed type, bit by bit as onnx's reference
    (opset 28); Neg takes no unsigned type (nor does ONNX's)."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(7)
    x = np.concatenate([
        np.array([info.min, info.min + 1, -1 if info.min else 1, 0, 1, info.max - 1, info.max], dtype),
        rng.integers(info.min, info.max, 57, dtype=dtype, endpoint=True),
    ])
    op_type = INTEGER_UNARY[name]
    if name == "Neg" and info.min == 0:
        with pytest.raises(VerifyException, match="signed integer type"):
            nn_run(op_type, [x], x.shape)
        return
    expected = onnx_run(name, [x], opset=28)
    actual = nn_run(op_type, [x], x.shape)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


UNARY = {nn.ReluOp: "Relu", nn.SigmoidOp: "Sigmoid", nn.TanhOp: "Tanh"}


@pytest.mark.parametrize("op_type", list(UNARY), ids=lambda c: c.name)
def test_unary(op_type: type[nn.NNOperation]) -> None:
    # Extremes included: sigmoid must saturate to exactly 0 and 1.
    x = np.concatenate([normal(0, 50), np.array([-1e4, -100, -0.0, 0, 100, 1e4], np.float32)])
    expected = onnx_run(UNARY[op_type], [x])
    check(nn_run(op_type, [x], x.shape), expected)


@given(st.floats(0, 1, width=32), seeds)
def test_leaky_relu(alpha: float, seed: int) -> None:
    x = normal(seed, 3, 4)
    expected = onnx_run("LeakyRelu", [x], {"alpha": alpha})
    check(nn_run(nn.LeakyReluOp, [x], x.shape, alpha=nn.f64_attr(alpha)), expected)


@pytest.mark.parametrize("low,high", [(-0.5, 0.5), (None, 0.25), (-1.0, None), (None, None), (0.5, 0.5)])
def test_clip(low: float | None, high: float | None) -> None:
    x = normal(1, 4, 5)
    bound = lambda v: None if v is None else np.array(v, np.float32)  # noqa: E731
    expected = onnx_run("Clip", [x, bound(low), bound(high)])
    props = {k: nn.f64_attr(v) for k, v in (("min", low), ("max", high)) if v is not None}
    check(nn_run(nn.ClipOp, [x], x.shape, **props), expected)


@pytest.mark.parametrize(
    "source,target", [(np.float32, np.float16), (np.float16, np.float32), (np.float32, np.float64), (np.float64, np.float32), (np.float64, np.float16)]
)
def test_cast(source: type, target: type) -> None:
    # Values between representable targets exercise round to nearest even.
    x = (normal(2, 64, dtype=np.float64) * 1000).astype(source)
    expected = onnx_run("Cast", [x], {"to": np_dtype_to_tensor_dtype(np.dtype(target))}, out_dtype=target)
    actual = nn_run(nn.CastOp, [x], x.shape, element_type_for(np.dtype(target)))
    assert actual.dtype == np.dtype(target)
    np.testing.assert_array_equal(actual, expected)


@CASES
@given(st.integers(1, 4).flatmap(lambda r: st.tuples(st.just(r), st.integers(-r, r - 1))), seeds)
def test_softmax(rank_axis: tuple[int, int], seed: int) -> None:
    rank, axis = rank_axis
    x = normal(seed, *[2, 3, 4, 5][:rank]) * 10
    expected = onnx_run("Softmax", [x], {"axis": axis})
    check(nn_run(nn.SoftmaxOp, [x], x.shape, axis=nn.i64_attr(axis)), expected)


@CASES
@given(st.integers(1, 6), st.floats(1e-4, 1.0), st.floats(0.1, 1.0), st.floats(0.5, 2.0), seeds)
def test_lrn(size: int, alpha: float, beta: float, bias: float, seed: int) -> None:
    alpha, beta, bias = (float(np.float32(v)) for v in (alpha, beta, bias))
    attrs = {"size": size, "alpha": alpha, "beta": beta, "bias": bias}
    props = {"size": nn.i64_attr(size), **{k: nn.f64_attr(v) for k, v in attrs.items() if k != "size"}}
    x = normal(seed, 5, 5, 3, 2) * 3  # N == C: see the module docstring
    check(nn_run(nn.LrnOp, [x], x.shape, **props), onnx_run("LRN", [x], attrs))
    if size % 2:  # onnxruntime takes odd sizes only
        x = normal(seed, 2, 7, 3, 3) * 3
        expected = onnx_run("LRN", [x], attrs, runtime="ort")
        # rtol 1e-4: onnxruntime's LRN is off by up to 1.5e-5 relative from
        # the exact (f64) value where ours is within 1.3e-7 (measured).
        np.testing.assert_allclose(nn_run(nn.LrnOp, [x], x.shape, **props), expected, rtol=1e-4, atol=ATOL)


# --------------------------------------------------------------------------
# Normalization and pooling
# --------------------------------------------------------------------------


@CASES
@given(st.sampled_from([(2, 3), (1, 3, 4), (2, 3, 4, 5)]), st.floats(0, 1e-2), seeds)
def test_batchnorm(shape: tuple[int, ...], epsilon: float, seed: int) -> None:
    epsilon = float(np.float32(epsilon))  # an ONNX float attribute
    c = shape[1]
    x = normal(seed, *shape)
    scale, bias, mean = normal(seed + 1, c), normal(seed + 2, c), normal(seed + 3, c)
    var = np.abs(normal(seed + 4, c)) + np.float32(0.1)
    expected = onnx_run("BatchNormalization", [x, scale, bias, mean, var], {"epsilon": epsilon})
    check(
        nn_run(nn.BatchnormOp, [x, scale, bias, mean, var], shape, epsilon=nn.f64_attr(epsilon)),
        expected,
    )


@st.composite
def pool_cases(draw: st.DrawFn, dilated: bool) -> dict[str, Any]:
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(*[st.integers(1, 2)] * 2)) if dilated else (1, 1)
    pads = tuple(draw(st.integers(0, kernel[i % 2] - 1)) for i in range(4))
    spans = [(k - 1) * d + 1 for k, d in zip(kernel, dilations)]
    case = {
        "x": (
            draw(st.integers(1, 2)),
            draw(st.integers(1, 3)),
            draw(st.integers(max(1, spans[0] - pads[0] - pads[2]), 7)),
            draw(st.integers(max(1, spans[1] - pads[1] - pads[3]), 7)),
        ),
        "kernel": kernel,
        "strides": draw(st.tuples(st.integers(1, 3), st.integers(1, 3))),
        "pads": pads,
        "dilations": dilations,
        "ceil_mode": draw(st.booleans()),
        "count_include_pad": draw(st.booleans()),
        "seed": draw(seeds),
    }
    # The nn dialect requires every window to hold an input element (with
    # dilation, all taps of a window can fall in the padding).
    for axis in (0, 1):
        size, stride, pad = case["x"][2 + axis], case["strides"][axis], pads[axis]
        count = nn.pooled_size(
            size, kernel[axis], stride, pad, pads[2 + axis], dilations[axis], case["ceil_mode"]
        )
        for j in range(count):
            taps = [j * stride - pad + u * dilations[axis] for u in range(kernel[axis])]
            assume(any(0 <= t < size for t in taps))
    return case


def _pool(op_type: type[nn.Pool2dOp], onnx_op: str, case: dict[str, Any], extra: dict[str, str]) -> None:
    x = normal(case["seed"], *case["x"])
    attrs = {"kernel_shape": case["kernel"], "strides": case["strides"], "pads": case["pads"]}
    attrs |= {"ceil_mode": int(case["ceil_mode"])}
    attrs |= {name: case[key] for name, key in extra.items()}
    # Where the reference evaluator is wrong: see the module docstring.
    use_ort = case["ceil_mode"] or op_type is nn.Maxpool2dOp
    expected = onnx_run(onnx_op, [x], attrs, runtime="ort" if use_ort else "reference")
    props = {
        "kernel": i64(case["kernel"]),
        "strides": i64(case["strides"]),
        "pads": i64(case["pads"]),
        "ceil_mode": nn.bool_attr(case["ceil_mode"]),
    }
    for name, key in extra.items():
        value = case[key]
        props[key] = i64(value) if isinstance(value, tuple) else nn.bool_attr(value)
    check(nn_run(op_type, [x], expected.shape, **props), expected)


@CASES
@given(pool_cases(dilated=True))
def test_maxpool2d(case: dict[str, Any]) -> None:
    _pool(nn.Maxpool2dOp, "MaxPool", case, {"dilations": "dilations"})


@CASES
@given(pool_cases(dilated=True))
def test_avgpool2d(case: dict[str, Any]) -> None:
    """Dilated windows too: the divisor counts the taps (every dilation-th
    element) inside the input, or inside input and pads."""
    case["count_include_pad"] = int(case["count_include_pad"])
    _pool(nn.Avgpool2dOp, "AveragePool", case, {"count_include_pad": "count_include_pad", "dilations": "dilations"})


def test_avgpool2d_divisors() -> None:
    """The divisor rules on a hand-computed case: a 1x3 input of ones, kernel
    1x2, stride 2, pad 1 on the left, ceil mode. Windows: [pad, 1], [1, 1],
    [1, ceil-area] (starts inside the input, so it is kept)."""
    x = np.ones((1, 1, 1, 4), np.float32)
    props = {"kernel": i64([1, 2]), "strides": i64([1, 2]), "pads": i64([0, 1, 0, 0]), "ceil_mode": nn.bool_attr(True)}
    # Windows [pad,x0] [x1,x2] [x3,ceil]: sums 1, 2, 1.
    excluded = nn_run(nn.Avgpool2dOp, [x], (1, 1, 1, 3), **props)
    included = nn_run(nn.Avgpool2dOp, [x], (1, 1, 1, 3), **props, count_include_pad=nn.bool_attr(True))
    np.testing.assert_array_equal(excluded, [[[[1.0, 1.0, 1.0]]]])
    np.testing.assert_array_equal(included, [[[[0.5, 1.0, 1.0]]]])


@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 5), st.integers(1, 5), seeds)
def test_global_avgpool2d(n: int, c: int, h: int, w: int, seed: int) -> None:
    x = normal(seed, n, c, h, w)
    expected = onnx_run("GlobalAveragePool", [x])
    check(nn_run(nn.GlobalAvgpool2dOp, [x], expected.shape), expected)


# --------------------------------------------------------------------------
# Shape manipulation
# --------------------------------------------------------------------------


@given(st.integers(1, 4).flatmap(lambda r: st.tuples(st.just(r), st.integers(-r, r))), seeds)
def test_flatten(rank_axis: tuple[int, int], seed: int) -> None:
    rank, axis = rank_axis
    x = normal(seed, *[2, 3, 4, 5][:rank])
    expected = onnx_run("Flatten", [x], {"axis": axis})
    check(nn_run(nn.FlattenOp, [x], expected.shape, axis=nn.i64_attr(axis)), expected)


@given(st.permutations([2, 2, 3, 5]).flatmap(lambda f: st.tuples(st.just(f), st.integers(1, 4))), seeds)
def test_reshape(factors_split: tuple[list[int], int], seed: int) -> None:
    factors, split = factors_split
    x = normal(seed, 6, 10)
    shape = [int(np.prod(factors[:split]))] + factors[split:]
    expected = onnx_run("Reshape", [x, np.array(shape, np.int64)])
    check(nn_run(nn.ReshapeOp, [x], expected.shape), expected)


@given(st.permutations(range(4)), seeds)
def test_transpose(perm: list[int], seed: int) -> None:
    x = normal(seed, 2, 3, 4, 5)
    expected = onnx_run("Transpose", [x], {"perm": perm})
    check(nn_run(nn.TransposeOp, [x], expected.shape, perm=i64(perm)), expected)


@CASES
@given(st.integers(-3, 2), st.lists(st.integers(1, 3), min_size=1, max_size=3), seeds)
def test_concat(axis: int, sizes: list[int], seed: int) -> None:
    shapes = [[2, 3, 4] for _ in sizes]
    for shape, size in zip(shapes, sizes):
        shape[axis] = size
    xs = [normal(seed + i, *s) for i, s in enumerate(shapes)]
    expected = onnx_run("Concat", xs, {"axis": axis})
    check(nn_run(nn.ConcatOp, xs, expected.shape, axis=nn.i64_attr(axis)), expected)


@CASES
@given(st.sampled_from(["constant", "reflect", "edge"]), st.lists(st.integers(0, 2), min_size=6, max_size=6), st.floats(-2, 2, width=32), seeds)
def test_pad(mode: str, pads: list[int], value: float, seed: int) -> None:
    x = normal(seed, 3, 4, 5)
    inputs = [x, np.array(pads, np.int64)]
    props = {"pads": i64(pads), "mode": nn.StringAttr(mode)}
    if mode == "constant":
        inputs.append(np.array(value, np.float32))
        props["value"] = nn.f64_attr(value)
    expected = onnx_run("Pad", inputs, {"mode": mode})
    check(nn_run(nn.PadOp, [x], expected.shape, **props), expected)


@CASES
@given(st.integers(-3, 2), st.booleans(), st.booleans(), seeds)
def test_argmax(axis: int, keepdims: bool, last: bool, seed: int) -> None:
    # Few distinct values, so that ties decide between first and last index.
    x = np.random.default_rng(seed).integers(0, 3, (3, 4, 5)).astype(np.float32)
    attrs = {"axis": axis, "keepdims": int(keepdims), "select_last_index": int(last)}
    expected = onnx_run("ArgMax", [x], attrs, out_dtype=np.int64)
    props = {"axis": nn.i64_attr(axis), "keepdims": nn.bool_attr(keepdims), "select_last_index": nn.bool_attr(last)}
    actual = nn_run(nn.ArgmaxOp, [x], expected.shape, element_type_for(np.dtype(np.int64)), **props)
    assert actual.dtype == np.int64
    np.testing.assert_array_equal(actual, expected)


# --------------------------------------------------------------------------
# Precision, dtypes, IEEE behaviour
# --------------------------------------------------------------------------


def test_f16_reductions_accumulate_in_f32() -> None:
    """f16 conv, dense and matmul round once: they equal the f32 computation
    on the same values, rounded to f16."""
    x, w = normal(0, 1, 8, 6, 6), normal(1, 4, 8, 3, 3)
    conv16 = nn_run(nn.Conv2dOp, [x.astype(np.float16), w.astype(np.float16)], (1, 4, 4, 4))
    conv32 = nn_run(nn.Conv2dOp, [x.astype(np.float16).astype(np.float32), w.astype(np.float16).astype(np.float32)], (1, 4, 4, 4))
    assert conv16.dtype == np.float16
    np.testing.assert_array_equal(conv16, conv32.astype(np.float16))
    a, b = normal(2, 3, 64).astype(np.float16), normal(3, 5, 64).astype(np.float16)
    dense16 = nn_run(nn.DenseOp, [a, b], (3, 5))
    np.testing.assert_array_equal(dense16, (a.astype(np.float32) @ b.astype(np.float32).T).astype(np.float16))
    matmul16 = nn_run(nn.MatmulOp, [a, b.T.copy()], (3, 5))
    np.testing.assert_array_equal(matmul16, dense16)


@pytest.mark.parametrize("dtype", [np.float16, np.float64])
def test_dtype_is_kept(dtype: type) -> None:
    x = normal(0, 1, 2, 5, 5, dtype=dtype)
    for op_type, shape, props in [
        (nn.SigmoidOp, x.shape, {}),
        (nn.SoftmaxOp, x.shape, {}),
        (nn.Avgpool2dOp, (1, 2, 4, 4), {"kernel": i64([2, 2])}),
        (nn.Maxpool2dOp, (1, 2, 4, 4), {"kernel": i64([2, 2])}),
        (nn.GlobalAvgpool2dOp, (1, 2, 1, 1), {}),
        (nn.LeakyReluOp, x.shape, {"alpha": nn.f64_attr(0.1)}),
    ]:
        assert nn_run(op_type, [x], shape, **props).dtype == np.dtype(dtype), op_type.name


def test_f64_is_computed_in_f64() -> None:
    x = np.array([1.0, 1e-12], np.float64)
    y = nn_run(nn.AddOp, [x, np.array([1e-12, 0.0])], (2,))
    assert y[0] != 1.0  # would round away in f32
    z = nn_run(nn.DenseOp, [np.array([[1.0, 1e-12]]), np.array([[1.0, 1.0]])], (1, 1))
    assert z[0, 0] != 1.0


def test_ieee_results_without_warnings() -> None:
    x = np.array([1.0, -1.0, 0.0], np.float32)
    zero = np.zeros(3, np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quotient = nn_run(nn.DivOp, [x, zero], (3,))
        sigmoid = nn_run(nn.SigmoidOp, [np.array([-1e30, 1e30], np.float32)], (2,))
    assert quotient[0] == np.inf and quotient[1] == -np.inf and np.isnan(quotient[2])
    np.testing.assert_array_equal(sigmoid, [0.0, 1.0])


def test_bf16_is_an_error_naming_the_op() -> None:
    x = normal(0, 2, 2)
    with pytest.raises(InterpretationError, match=r"nn\.cast: element type bf16 is not supported"):
        nn_run(nn.CastOp, [x], x.shape, BFloat16Type())
