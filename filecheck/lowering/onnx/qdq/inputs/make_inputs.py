"""Writes the small QDQ ONNX models the lit tests of the QDQ import import.

    python make_inputs.py            # (re)write the models next to this file
    python make_inputs.py --check    # exit 1 if a committed file is stale

The models are built by hand in the QDQ format onnxruntime's quantize_static
writes (Q -> DQ around every quantized tensor, integer weight and INT32 bias
initializers read by a DQ), with power-of-two scales so that the
multipliers in the CHECK lines are readable. Deterministic: weights come
from a seeded generator, nothing depends on the date or the machine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from onnx_inputs import F, initializer, write_or_check  # noqa: E402


def _ints(rng: np.random.Generator, name: str, shape: Sequence[int], lo: int, hi: int, dtype) -> TensorProto:
    return initializer(name, rng.integers(lo, hi, size=shape, endpoint=True).astype(dtype))


def _model(
    nodes: list[onnx.NodeProto],
    inputs: list[tuple[str, list]],
    outputs: Sequence[str],
    initializers: Sequence[TensorProto] = (),
    opset: int = 13,
    input_type: int = F,
) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes,
        "graph",
        [helper.make_tensor_value_info(n, input_type, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, F, None) for n in outputs],
        list(initializers),
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_inputs.py"
    )
    model.ir_version = 10 if opset >= 21 else 8
    return model


def q(x: str, y: str, scale: str, zero_point: str | None = None, **attrs) -> onnx.NodeProto:
    inputs = [x, scale] + ([zero_point] if zero_point else [])
    return helper.make_node("QuantizeLinear", inputs, [y], name=f"quantize_{x}", **attrs)


def dq(x: str, y: str, scale: str, zero_point: str | None = None, **attrs) -> onnx.NodeProto:
    inputs = [x, scale] + ([zero_point] if zero_point else [])
    return helper.make_node("DequantizeLinear", inputs, [y], name=f"dequantize_{x}", **attrs)


def qdq(x: str, scale: str, zero_point: str) -> list[onnx.NodeProto]:
    """`x` -> Q -> DQ -> `x_dq` (onnxruntime's naming, shortened)."""
    return [q(x, f"{x}_q", scale, zero_point), dq(f"{x}_q", f"{x}_dq", scale, zero_point)]


def _scales() -> list[TensorProto]:
    """Per-tensor activation parameters shared by the models: `s<k>` is
    2^-k (f32), `u128` / `u0` / `i0` zero points."""
    return [
        initializer("s0", np.float32(1.0)),
        initializer("s1", np.float32(0.5)),
        initializer("s2", np.float32(0.25)),
        initializer("s3", np.float32(0.125)),
        initializer("s8", np.float32(1 / 256)),
        initializer("u128", np.uint8(128)),
        initializer("u10", np.uint8(10)),
        initializer("u0", np.uint8(0)),
        initializer("i0", np.int8(0)),
    ]


# --------------------------------------------------------------------------
# Models whose IR the tests check
# --------------------------------------------------------------------------


def conv() -> onnx.ModelProto:
    """Conv (per-channel int8 weight, INT32 bias) -> Relu -> Q, with u8
    activations: conv2d, requantize with the fused ReLU as `min`."""
    rng = np.random.default_rng(1)
    nodes = [
        *qdq("image", "s1", "u128"),
        dq("conv.weight_q", "conv.weight_dq", "conv.weight_scale", "conv.weight_zp", axis=0),
        dq("conv.bias_q", "conv.bias_dq", "conv.bias_scale", "conv.bias_zp", axis=0),
        helper.make_node("Conv", ["image_dq", "conv.weight_dq", "conv.bias_dq"], ["conv_out"],
                         name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv_out"], ["relu_out"], name="relu"),
        *qdq("relu_out", "s0", "u10"),
    ]
    weight_scales = np.array([0.25, 0.125, 0.0625], np.float32)
    inits = [
        *_scales(),
        _ints(rng, "conv.weight_q", (3, 2, 3, 3), -127, 127, np.int8),
        initializer("conv.weight_scale", weight_scales),
        initializer("conv.weight_zp", np.zeros(3, np.int8)),
        initializer("conv.bias_q", np.array([100, -1000, 5], np.int32)),
        initializer("conv.bias_scale", np.float32(0.5) * weight_scales),
        initializer("conv.bias_zp", np.zeros(3, np.int32)),
    ]
    return _model(nodes, [("image", ["N", 2, 4, 4])], ["relu_out_dq"], inits)


def dense() -> onnx.ModelProto:
    """Gemm (per-tensor weight, transB, INT32 bias) into i8; MatMul (weight
    per column) + Add of a float bias, fused; MatMul of a 3-D input with a
    constant weight; MatMul of two activations."""
    rng = np.random.default_rng(2)
    nodes = [
        *qdq("x", "s1", "u128"),
        dq("gemm.weight_q", "gemm.weight_dq", "s3", "i0"),
        dq("gemm.bias_q", "gemm.bias_dq", "s4"),
        helper.make_node("Gemm", ["x_dq", "gemm.weight_dq", "gemm.bias_dq"], ["gemm_out"],
                         name="gemm", transB=1),
        q("gemm_out", "gemm_out_q", "s1", "i0"),
        dq("gemm_out_q", "gemm_out_dq", "s1", "i0"),
        dq("proj.weight_q", "proj.weight_dq", "proj.weight_scale", "proj.weight_zp", axis=1),
        helper.make_node("MatMul", ["x_dq", "proj.weight_dq"], ["proj_mm"], name="proj"),
        helper.make_node("Add", ["proj_mm", "proj.bias"], ["proj_out"], name="proj_bias"),
        *qdq("proj_out", "s0", "u128"),
        *qdq("seq", "s1", "u128"),
        helper.make_node("MatMul", ["seq_dq", "proj.weight_dq"], ["seq_proj"], name="seq_proj"),
        *qdq("seq_proj", "s0", "u128"),
        *qdq("keys", "s2", "u128"),
        helper.make_node("MatMul", ["seq_dq", "keys_dq"], ["scores"], name="scores"),
        *qdq("scores", "s0", "u128"),
    ]
    inits = [
        *_scales(),
        initializer("s4", np.float32(0.0625)),
        _ints(rng, "gemm.weight_q", (3, 4), -127, 127, np.int8),
        initializer("gemm.bias_q", np.array([7, -8, 9], np.int32)),
        _ints(rng, "proj.weight_q", (4, 2), -127, 127, np.int8),
        initializer("proj.weight_scale", np.array([0.25, 0.5], np.float32)),
        initializer("proj.weight_zp", np.zeros(2, np.int8)),
        initializer("proj.bias", np.array([1.25, -0.5], np.float32)),
    ]
    inputs = [("x", ["N", 4]), ("seq", [1, 3, 4]), ("keys", [1, 4, 5])]
    return _model(nodes, inputs, ["gemm_out_dq", "proj_out_dq", "seq_proj_dq", "scores_dq"], inits)


def elementwise() -> onnx.ModelProto:
    """Add, Concat, Clip (ReLU6) and Relu standalone, MaxPool, AveragePool,
    GlobalAveragePool, Sigmoid, Flatten, Transpose, Reshape, ArgMax, a DQ ->
    Q rescale, and a Softmax float island."""
    nodes = [
        *qdq("a", "s1", "u128"),
        *qdq("b", "s2", "u10"),
        helper.make_node("Add", ["a_dq", "b_dq"], ["sum"], name="add"),
        *qdq("sum", "s0", "u128"),
        helper.make_node("Concat", ["a_dq", "b_dq"], ["cat"], name="concat", axis=1),
        *qdq("cat", "s1", "u128"),
        helper.make_node("Clip", ["a_dq", "zero", "six"], ["relu6"], name="relu6"),
        *qdq("relu6", "s3", "u0"),
        helper.make_node("Relu", ["a_dq"], ["relu"], name="relu"),
        *qdq("relu", "s1", "u128"),
        helper.make_node("MaxPool", ["a_dq"], ["maxpool"], name="maxpool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        *qdq("maxpool", "s1", "u128"),
        helper.make_node("AveragePool", ["a_dq"], ["avgpool"], name="avgpool",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        *qdq("avgpool", "s1", "u128"),
        helper.make_node("GlobalAveragePool", ["a_dq"], ["gap"], name="gap"),
        *qdq("gap", "s2", "u128"),
        helper.make_node("Sigmoid", ["a_dq"], ["sigmoid"], name="sigmoid"),
        *qdq("sigmoid", "s8", "u0"),
        helper.make_node("Transpose", ["a_dq"], ["nhwc"], name="transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["nhwc", "shape"], ["rows"], name="reshape"),
        helper.make_node("Flatten", ["rows"], ["flat"], name="flatten"),
        *qdq("flat", "s1", "u128"),
        helper.make_node("ArgMax", ["flat_dq"], ["index"], name="argmax", axis=1),
        q("a_dq", "a_rescaled", "s2", "u128"),
        dq("a_rescaled", "rescaled", "s2", "u128"),
        helper.make_node("Softmax", ["flat_dq"], ["probs"], name="softmax"),
        *qdq("probs", "s8", "u0"),
    ]
    inits = [
        *_scales(),
        initializer("zero", np.float32(0.0)),
        initializer("six", np.float32(6.0)),
        initializer("shape", np.array([1, 4, -1], np.int64)),
    ]
    outputs = [
        "sum_dq", "cat_dq", "relu6_dq", "relu_dq", "maxpool_dq", "avgpool_dq", "gap_dq",
        "sigmoid_dq", "flat_dq", "rescaled", "probs_dq",
    ]
    model = _model(nodes, [("a", [1, 2, 4, 4]), ("b", [1, 2, 4, 4])], outputs, inits)
    model.graph.output.append(helper.make_tensor_value_info("index", TensorProto.INT64, None))
    return model


def storage() -> onnx.ModelProto:
    """Q -> DQ of every storage type (opset 21): i8, u16, i16, u4, i4, and
    a Q without zero point (u8)."""
    nodes = []
    inits = [initializer("s", np.float32(0.5))]
    for name, onnx_type, zp in (
        ("i8", TensorProto.INT8, -3),
        ("u16", TensorProto.UINT16, 1000),
        ("i16", TensorProto.INT16, -7),
        ("u4", TensorProto.UINT4, 8),
        ("i4", TensorProto.INT4, -1),
    ):
        inits.append(helper.make_tensor(f"z_{name}", onnx_type, [], [zp]))
        nodes += [q("x", f"x_{name}", "s", f"z_{name}"), dq(f"x_{name}", f"y_{name}", "s", f"z_{name}")]
        nodes[-2].name, nodes[-1].name = f"quantize_{name}", f"dequantize_{name}"
    nodes += [q("x", "x_u8", "s"), dq("x_u8", "y_u8", "s")]
    outputs = ["y_i8", "y_u16", "y_i16", "y_u4", "y_i4", "y_u8"]
    return _model(nodes, [("x", [1, 4])], outputs, inits, opset=21)


# --------------------------------------------------------------------------
# Models for the diagnostics
# --------------------------------------------------------------------------


def _diagnostic(nodes: list[onnx.NodeProto], inits: Sequence[TensorProto] = (),
                inputs: Sequence[tuple[str, list]] = (("x", [1, 4]),), outputs: Sequence[str] = ("y",),
                opset: int = 13, input_type: int = F) -> onnx.ModelProto:
    return _model(nodes, list(inputs), outputs, [*_scales(), *inits], opset, input_type)


def _weight(name: str, shape: Sequence[int], scales=None, axis: int | None = None) -> list:
    """An int8 weight initializer, its DQ node and parameters."""
    rng = np.random.default_rng(len(name))
    scale = np.float32(0.25) if scales is None else np.asarray(scales, np.float32)
    attrs = {} if axis is None else {"axis": axis}
    return [
        dq(f"{name}_q", f"{name}_dq", f"{name}_scale", **attrs),
        _ints(rng, f"{name}_q", shape, -127, 127, np.int8),
        initializer(f"{name}_scale", scale),
    ]


def _conv_with(weight: list, bias: list = (), extra: Sequence = (), pads=(1, 1, 1, 1), rank: int = 4,
               output: str = "y") -> onnx.ModelProto:
    """x -> Q -> DQ -> Conv(weight[, bias]) -> Q -> DQ -> y."""
    bias_nodes = [b for b in bias if isinstance(b, onnx.NodeProto)]
    bias_inits = [b for b in bias if isinstance(b, TensorProto)]
    conv_inputs = ["x_dq", weight[0].output[0]] + ([bias_nodes[0].output[0]] if bias_nodes else [])
    nodes = [
        *qdq("x", "s1", "u128"), weight[0], *bias_nodes,
        helper.make_node("Conv", conv_inputs, ["c"], name="conv", pads=list(pads)),
        *extra,
    ]
    if output == "y":
        nodes += [q("c", "c_q", "s0", "u128"), dq("c_q", "y", "s0", "u128")]
    shape = [1, 2, 4, 4] if rank == 4 else [1, 2, 4]
    return _diagnostic(nodes, [*weight[1:], *bias_inits], inputs=[("x", shape)], outputs=[output])


def qoperator() -> onnx.ModelProto:
    nodes = [
        q("x", "x_q", "s1", "u128"),
        helper.make_node("QLinearMatMul", ["x_q", "s1", "u128", "w", "s1", "u128", "s1", "u128"],
                         ["y_q"], name="qlinear"),
        dq("y_q", "y", "s1", "u128"),
    ]
    return _diagnostic(nodes, [initializer("w", np.ones((4, 4), np.uint8))])


def per_axis_activation() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "scales", "zps", axis=1), dq("x_q", "y", "scales", "zps", axis=1)]
    return _diagnostic(nodes, [initializer("scales", np.full(4, 0.5, np.float32)), initializer("zps", np.zeros(4, np.uint8))])


def float8() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "s1", "z8"), dq("x_q", "y", "s1", "z8")]
    return _diagnostic(nodes, [helper.make_tensor("z8", TensorProto.FLOAT8E4M3FN, [], [0])], opset=19)


def int32_activation() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "s1", "z32"), dq("x_q", "y", "s1", "z32")]
    return _diagnostic(nodes, [initializer("z32", np.int32(0))])


def blocked() -> onnx.ModelProto:
    weight = _weight("w", (4, 4))
    weight[0] = dq("w_q", "w_dq", "w_scale", block_size=2, axis=0)
    weight[2] = initializer("w_scale", np.full((2, 4), 0.25, np.float32))
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"), *qdq("m", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], outputs=["m_dq"], opset=21)


def bad_scale() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "negative", "u128"), dq("x_q", "y", "negative", "u128")]
    return _diagnostic(nodes, [initializer("negative", np.float32(-0.5))])


def mismatched_dq() -> onnx.ModelProto:
    return _diagnostic([q("x", "x_q", "s1", "u128"), dq("x_q", "y", "s2", "u128")])


def integer_input() -> onnx.ModelProto:
    return _diagnostic([dq("x", "y", "s1", "u128")], input_type=TensorProto.UINT8)


def float_dq() -> onnx.ModelProto:
    return _diagnostic([dq("x", "y", "s1", "u128")])


def integer_quantize() -> onnx.ModelProto:
    nodes = [q("counts", "c_q", "s1", "u128"), dq("c_q", "y", "s1", "u128")]
    return _diagnostic(nodes, [initializer("counts", np.arange(4, dtype=np.int64))], inputs=[])


def stored_read() -> onnx.ModelProto:
    nodes = [q("w", "w_q", "s1", "u128"), helper.make_node("Relu", ["w_q"], ["y"], name="relu")]
    return _diagnostic(nodes, [initializer("w", np.ones(4, np.float32))], inputs=[])


def float_weight() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"),
             helper.make_node("Conv", ["x_dq", "w"], ["c"], name="conv"), *qdq("c", "s0", "u128")]
    return _diagnostic(nodes, [initializer("w", np.ones((2, 2, 1, 1), np.float32))],
                       inputs=[("x", [1, 2, 4, 4])], outputs=["c_dq"])


def weight_axis() -> onnx.ModelProto:
    return _conv_with(_weight("w", (3, 2, 3, 3), [0.25, 0.5], axis=1))


def bias_scale() -> onnx.ModelProto:
    bias = [dq("b_q", "b_dq", "s2"), initializer("b_q", np.array([1, 2, 3], np.int32))]
    return _conv_with(_weight("w", (3, 2, 3, 3)), bias)


def bias_zero_point() -> onnx.ModelProto:
    bias = [dq("b_q", "b_dq", "s3", "bz"), initializer("b_q", np.array([1, 2, 3], np.int32)),
            initializer("bz", np.int32(4))]
    return _conv_with(_weight("w", (3, 2, 3, 3)), bias)


def bias_shape() -> onnx.ModelProto:
    bias = [dq("b_q", "b_dq", "s3"), initializer("b_q", np.ones((3, 3), np.int32))]
    return _conv_with(_weight("w", (3, 2, 3, 3)), bias)


def bias_not_constant() -> onnx.ModelProto:
    weight = _weight("w", (3, 4))
    nodes = [*qdq("x", "s1", "u128"), *qdq("c", "s3", "u128"), weight[0],
             helper.make_node("Gemm", ["x_dq", "w_dq", "c_dq"], ["g"], name="gemm", transB=1),
             *qdq("g", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], inputs=[("x", [1, 4]), ("c", [3])], outputs=["g_dq"])


def int32_operand() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), dq("b_q", "b_dq", "s3"),
             helper.make_node("Add", ["x_dq", "b_dq"], ["a"], name="add"), *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, [initializer("b_q", np.ones(4, np.int32))], outputs=["a_dq"])


def conv_output_graph_output() -> onnx.ModelProto:
    return _conv_with(_weight("w", (3, 2, 3, 3)), output="c")


def conv_output_float_use() -> onnx.ModelProto:
    extra = [helper.make_node("Softmax", ["c"], ["p"], name="softmax"), *qdq("p", "s8", "u0")]
    return _conv_with(_weight("w", (3, 2, 3, 3)), extra=extra, output="p_dq")


def matmul_add_activation() -> onnx.ModelProto:
    weight = _weight("w", (4, 4), [0.25] * 4, axis=1)
    nodes = [*qdq("x", "s1", "u128"), *qdq("r", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"),
             helper.make_node("Add", ["m", "r_dq"], ["a"], name="residual"),
             *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], inputs=[("x", [1, 4]), ("r", [1, 4])], outputs=["a_dq"])


def unquantized_operand() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), helper.make_node("Add", ["x_dq", "r"], ["a"], name="add"),
             *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, inputs=[("x", [1, 4]), ("r", [1, 4])], outputs=["a_dq"])


def per_axis_operand() -> onnx.ModelProto:
    weight = _weight("w", (1, 4), [0.25] * 4, axis=1)
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("Add", ["x_dq", "w_dq"], ["a"], name="add"), *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], outputs=["a_dq"])


def gemm_alpha() -> onnx.ModelProto:
    weight = _weight("w", (3, 4))
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("Gemm", ["x_dq", "w_dq"], ["g"], name="gemm", transB=1, alpha=2.0),
             *qdq("g", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], outputs=["g_dq"])


def gemm_trans_a() -> onnx.ModelProto:
    weight = _weight("w", (3, 4))
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("Gemm", ["x_dq", "w_dq"], ["g"], name="gemm", transB=1, transA=1),
             *qdq("g", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], inputs=[("x", [4, 1])], outputs=["g_dq"])


def conv1d() -> onnx.ModelProto:
    return _conv_with(_weight("w", (3, 2, 3)), pads=(1, 1), rank=3)


def matmul_rank() -> onnx.ModelProto:
    weight = _weight("w", (4, 3), [0.25] * 3, axis=1)
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"), *qdq("m", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], inputs=[("x", [4])], outputs=["m_dq"])


def empty_clip() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), helper.make_node("Clip", ["x_dq", "six", "zero"], ["c"], name="clip"),
             *qdq("c", "s0", "u128")]
    return _diagnostic(nodes, [initializer("zero", np.float32(0)), initializer("six", np.float32(6))], outputs=["c_dq"])


def multiplier_overflow() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), *qdq("r", "s1", "u128"),
             helper.make_node("Add", ["x_dq", "r_dq"], ["a"], name="add"), *qdq("a", "tiny", "u128")]
    return _diagnostic(nodes, [initializer("tiny", np.float32(1e-12))], inputs=[("x", [1, 4]), ("r", [1, 4])],
                       outputs=["a_dq"])


def avgpool_dilations() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"),
             helper.make_node("AveragePool", ["x_dq"], ["p"], name="avgpool", kernel_shape=[2, 2],
                              dilations=[2, 2]),
             *qdq("p", "s1", "u128")]
    return _diagnostic(nodes, inputs=[("x", [1, 2, 4, 4])], outputs=["p_dq"], opset=19)


def scale_type() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "int_scale", "u128"), dq("x_q", "y", "int_scale", "u128")]
    return _diagnostic(nodes, [initializer("int_scale", np.int32(2))])


def scale_rank() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "matrix", "u128"), dq("x_q", "y", "matrix", "u128")]
    return _diagnostic(nodes, [initializer("matrix", np.full((2, 2), 0.5, np.float32))])


def scale_empty() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "none"), dq("x_q", "y", "none")]
    return _diagnostic(nodes, [initializer("none", np.zeros(0, np.float32))])


def zero_point_count() -> onnx.ModelProto:
    weight = _weight("w", (4, 3), [0.25] * 3, axis=1)
    weight[0] = dq("w_q", "w_dq", "w_scale", "w_zp", axis=1)
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"), *qdq("m", "s0", "u128")]
    return _diagnostic(nodes, [*weight[1:], initializer("w_zp", np.zeros(2, np.int8))], outputs=["m_dq"])


def axis_range() -> onnx.ModelProto:
    weight = _weight("w", (4, 3), [0.25] * 3, axis=1)
    weight[0] = dq("w_q", "w_dq", "w_scale", axis=2)
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"), *qdq("m", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], outputs=["m_dq"])


def quantize_quantized() -> onnx.ModelProto:
    nodes = [q("x", "x_q", "s1", "u128"), q("x_q", "x_qq", "s1", "u128"), dq("x_qq", "y", "s1", "u128")]
    return _diagnostic(nodes)


def added_to_itself() -> onnx.ModelProto:
    weight = _weight("w", (4, 4), [0.25] * 4, axis=1)
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("MatMul", ["x_dq", "w_dq"], ["m"], name="matmul"),
             helper.make_node("Add", ["m", "m"], ["a"], name="double"), *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], outputs=["a_dq"])


def clip_bound_shape() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), helper.make_node("Clip", ["x_dq", "lows"], ["c"], name="clip"),
             *qdq("c", "s0", "u128")]
    return _diagnostic(nodes, [initializer("lows", np.zeros(2, np.float32))], outputs=["c_dq"])


def conv_weight_rank() -> onnx.ModelProto:
    return _conv_with(_weight("w", (3, 2, 3)))


def conv_kernel_shape() -> onnx.ModelProto:
    model = _conv_with(_weight("w", (3, 2, 3, 3)))
    conv_node = next(n for n in model.graph.node if n.op_type == "Conv")
    conv_node.attribute.append(helper.make_attribute("kernel_shape", [2, 2]))
    return model


def gemm_rank() -> onnx.ModelProto:
    weight = _weight("w", (3, 4))
    nodes = [*qdq("x", "s1", "u128"), weight[0],
             helper.make_node("Gemm", ["x_dq", "w_dq"], ["g"], name="gemm", transB=1),
             *qdq("g", "s0", "u128")]
    return _diagnostic(nodes, weight[1:], inputs=[("x", [1, 1, 4])], outputs=["g_dq"])


def matmul_vector() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), *qdq("v", "s1", "u128"),
             helper.make_node("MatMul", ["x_dq", "v_dq"], ["m"], name="matmul"), *qdq("m", "s0", "u128")]
    return _diagnostic(nodes, inputs=[("x", [2, 4]), ("v", [4])], outputs=["m_dq"])


def pool_kernel_shape() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"),
             helper.make_node("MaxPool", ["x_dq"], ["p"], name="maxpool", kernel_shape=[2]),
             *qdq("p", "s1", "u128")]
    return _diagnostic(nodes, inputs=[("x", [1, 2, 4, 4])], outputs=["p_dq"])


def maxpool_indices() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"),
             helper.make_node("MaxPool", ["x_dq"], ["p", "indices"], name="maxpool", kernel_shape=[2, 2]),
             *qdq("p", "s1", "u128")]
    model = _diagnostic(nodes, inputs=[("x", [1, 2, 4, 4])], outputs=["p_dq"])
    model.graph.output.append(helper.make_tensor_value_info("indices", TensorProto.INT64, None))
    return model


def concat_axis() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"),
             helper.make_node("Concat", ["x_dq", "x_dq"], ["c"], name="concat", axis=3),
             *qdq("c", "s1", "u128")]
    return _diagnostic(nodes, outputs=["c_dq"])


def broadcast() -> onnx.ModelProto:
    nodes = [*qdq("x", "s1", "u128"), *qdq("r", "s1", "u128"),
             helper.make_node("Add", ["x_dq", "r_dq"], ["a"], name="add"), *qdq("a", "s0", "u128")]
    return _diagnostic(nodes, inputs=[("x", [1, 4]), ("r", [1, 3])], outputs=["a_dq"])


MODELS: dict[str, Callable[[], onnx.ModelProto]] = {
    "conv": conv,
    "dense": dense,
    "elementwise": elementwise,
    "storage": storage,
    "qoperator": qoperator,
    "per_axis_activation": per_axis_activation,
    "float8": float8,
    "int32_activation": int32_activation,
    "blocked": blocked,
    "bad_scale": bad_scale,
    "mismatched_dq": mismatched_dq,
    "integer_input": integer_input,
    "float_dq": float_dq,
    "integer_quantize": integer_quantize,
    "stored_read": stored_read,
    "float_weight": float_weight,
    "weight_axis": weight_axis,
    "bias_scale": bias_scale,
    "bias_zero_point": bias_zero_point,
    "bias_shape": bias_shape,
    "bias_not_constant": bias_not_constant,
    "int32_operand": int32_operand,
    "conv_output_graph_output": conv_output_graph_output,
    "conv_output_float_use": conv_output_float_use,
    "matmul_add_activation": matmul_add_activation,
    "unquantized_operand": unquantized_operand,
    "per_axis_operand": per_axis_operand,
    "gemm_alpha": gemm_alpha,
    "gemm_trans_a": gemm_trans_a,
    "conv1d": conv1d,
    "matmul_rank": matmul_rank,
    "empty_clip": empty_clip,
    "multiplier_overflow": multiplier_overflow,
    "avgpool_dilations": avgpool_dilations,
    "scale_type": scale_type,
    "scale_rank": scale_rank,
    "scale_empty": scale_empty,
    "zero_point_count": zero_point_count,
    "axis_range": axis_range,
    "quantize_quantized": quantize_quantized,
    "added_to_itself": added_to_itself,
    "clip_bound_shape": clip_bound_shape,
    "conv_weight_rank": conv_weight_rank,
    "conv_kernel_shape": conv_kernel_shape,
    "gemm_rank": gemm_rank,
    "matmul_vector": matmul_vector,
    "pool_kernel_shape": pool_kernel_shape,
    "maxpool_indices": maxpool_indices,
    "concat_axis": concat_axis,
    "broadcast": broadcast,
}


def files() -> dict[str, bytes]:
    """Every file this script writes, by name."""
    return {f"{name}.onnx": make().SerializeToString() for name, make in MODELS.items()}


def main(argv: list[str]) -> int:
    return write_or_check(HERE, files(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
