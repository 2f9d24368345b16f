"""Writes the small ONNX models the lit tests of the ONNX import import.

    python make_inputs.py            # (re)write the models next to this file
    python make_inputs.py --check    # exit 1 if a committed file is stale

Deterministic: weights come from a seeded generator and nothing in a model
depends on the date or the machine, so running it twice writes the same
bytes (the lit test `inputs_up_to_date.mlir` runs `--check`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from onnx_inputs import F, initializer, write_or_check  # noqa: E402


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _weights(rng: np.random.Generator, name: str, *shape: int) -> TensorProto:
    return initializer(name, rng.standard_normal(shape).astype(np.float32).round(2))


def _model(
    nodes: list[onnx.NodeProto],
    inputs: list[onnx.ValueInfoProto],
    outputs: list[onnx.ValueInfoProto],
    initializers: list[TensorProto] = (),
    opset: int = 13,
    extra_opsets: tuple[tuple[str, int], ...] = (),
    name: str = "graph",
) -> onnx.ModelProto:
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="make_inputs.py")
    model.ir_version = 8
    return model


def _in(name: str, shape: list, elem: int = F) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, elem, shape)


def _out(name: str) -> onnx.ValueInfoProto:
    # Output shapes are left out on purpose: the frontend infers them.
    return helper.make_tensor_value_info(name, F, None)


# --------------------------------------------------------------------------
# Models whose IR the tests check
# --------------------------------------------------------------------------


def conv_net() -> onnx.ModelProto:
    """Conv, BatchNormalization, Relu, MaxPool, GlobalAveragePool, Flatten,
    Gemm, Softmax on an input with a symbolic batch."""
    rng = _rng(1)
    nodes = [
        helper.make_node("Conv", ["image", "conv1.weight", "conv1.bias"], ["conv1_out"],
                         name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization",
                         ["conv1_out", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"],
                         ["bn1_out"], name="bn1", epsilon=1e-3),
        helper.make_node("Relu", ["bn1_out"], ["relu1_out"], name="relu1"),
        helper.make_node("MaxPool", ["relu1_out"], ["pool1_out"], name="pool1",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("GlobalAveragePool", ["pool1_out"], ["gap_out"], name="gap"),
        helper.make_node("Flatten", ["gap_out"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc",
                         transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=-1),
    ]
    inits = [
        _weights(rng, "conv1.weight", 4, 3, 3, 3),
        _weights(rng, "conv1.bias", 4),
        initializer("bn1.scale", np.array([1.0, 2.0, 0.5, 1.0], np.float32)),
        initializer("bn1.bias", np.array([0.0, 0.5, -0.5, 1.0], np.float32)),
        initializer("bn1.mean", np.array([0.1, 0.2, 0.3, 0.4], np.float32)),
        initializer("bn1.var", np.array([1.0, 1.0, 2.0, 2.0], np.float32)),
        _weights(rng, "fc.weight", 10, 4),
        _weights(rng, "fc.bias", 10),
    ]
    return _model(nodes, [_in("image", ["batch", 3, 8, 8])], [_out("probs")], inits)


def gemm() -> onnx.ModelProto:
    """Gemm with a constant B (folded into nn.dense), with transA and a full
    C, and with a dynamic B (nn.matmul)."""
    w = np.arange(12, dtype=np.float32).reshape(3, 4)
    nodes = [
        helper.make_node("Gemm", ["x", "w", "c"], ["folded"], name="folded",
                         alpha=0.5, beta=2.0),
        helper.make_node("Gemm", ["xt", "w2", "c2"], ["trans_a"], name="trans_a",
                         transA=1, transB=1),
        helper.make_node("Gemm", ["x", "y", "z"], ["dynamic"], name="dynamic",
                         alpha=2.0, beta=3.0),
    ]
    inits = [
        initializer("w", w),
        initializer("c", np.array([1, 2, 3, 4], np.float32)),
        initializer("w2", np.ones((5, 3), np.float32)),
        initializer("c2", np.arange(10, dtype=np.float32).reshape(2, 5)),
    ]
    inputs = [_in("x", [2, 3]), _in("xt", [3, 2]), _in("y", [3, 4]), _in("z", [2, 4])]
    return _model(nodes, inputs, [_out("folded"), _out("trans_a"), _out("dynamic")], inits)


def matmul() -> onnx.ModelProto:
    """MatMul: 2-D with a constant rhs (nn.dense), batched, dynamic, 1-D."""
    w = np.arange(12, dtype=np.float32).reshape(3, 4) / 4
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["dense"], name="dense"),
        helper.make_node("MatMul", ["x3", "w"], ["batched"], name="batched"),
        helper.make_node("MatMul", ["x", "y"], ["dynamic"], name="dynamic"),
        helper.make_node("MatMul", ["v", "w"], ["vector"], name="vector"),
    ]
    inputs = [_in("x", [2, 3]), _in("x3", [5, 2, 3]), _in("y", [3, 4]), _in("v", [3])]
    outputs = [_out(n) for n in ("dense", "batched", "dynamic", "vector")]
    return _model(nodes, inputs, outputs, [initializer("w", w)])


def conv_variants() -> onnx.ModelProto:
    """Conv auto_pad modes, a depthwise convolution and a 1-D convolution."""
    rng = _rng(2)
    nodes = [
        helper.make_node("Conv", ["x", "k2"], ["same_upper"], name="same_upper",
                         auto_pad="SAME_UPPER"),
        helper.make_node("Conv", ["x", "k2"], ["same_lower"], name="same_lower",
                         auto_pad="SAME_LOWER"),
        helper.make_node("Conv", ["x", "k3"], ["valid"], name="valid", auto_pad="VALID",
                         strides=[2, 2], dilations=[1, 2]),
        helper.make_node("Conv", ["x", "dw"], ["depthwise"], name="depthwise", group=4,
                         pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["s", "k1d", "b1d"], ["conv1d"], name="conv1d",
                         pads=[1, 1]),
    ]
    inits = [
        _weights(rng, "k2", 2, 4, 2, 2),
        _weights(rng, "k3", 2, 4, 3, 3),
        _weights(rng, "dw", 4, 1, 3, 3),
        _weights(rng, "k1d", 3, 2, 3),
        _weights(rng, "b1d", 3),
    ]
    inputs = [_in("x", [1, 4, 7, 7]), _in("s", [1, 2, 5])]
    outputs = [_out(n) for n in ("same_upper", "same_lower", "valid", "depthwise", "conv1d")]
    return _model(nodes, inputs, outputs, inits, opset=11)


def legacy_opset6() -> onnx.ModelProto:
    """Opset-6 semantics: Add's broadcast/axis, Clip bounds as attributes,
    BatchNormalization with is_test/spatial, Softmax coerced to 2-D, Reshape
    with a shape input, Dropout with is_test; weights listed as inputs."""
    rng = _rng(3)
    nodes = [
        helper.make_node("Add", ["x", "bias"], ["biased"], name="add", broadcast=1, axis=1),
        helper.make_node("BatchNormalization", ["biased", "s", "b", "m", "v"], ["bn"],
                         name="bn", is_test=1, spatial=1),
        helper.make_node("Clip", ["bn"], ["clipped"], name="clip", min=0.0, max=6.0),
        helper.make_node("Dropout", ["clipped"], ["dropped"], name="dropout", is_test=1,
                         ratio=0.5),
        helper.make_node("Reshape", ["dropped", "shape"], ["reshaped"], name="reshape"),
        helper.make_node("Softmax", ["reshaped"], ["probs"], name="softmax"),
    ]
    inits = [
        _weights(rng, "bias", 3),
        initializer("s", np.ones(3, np.float32)),
        initializer("b", np.zeros(3, np.float32)),
        initializer("m", np.zeros(3, np.float32)),
        initializer("v", np.ones(3, np.float32)),
        initializer("shape", np.array([2, 3, 8], np.int64)),
    ]
    inputs = [_in("x", [2, 3, 2, 4])] + [
        helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in inits
    ]
    return _model(nodes, inputs, [_out("probs")], inits, opset=6)


def legacy_opset9() -> onnx.ModelProto:
    """Opset-9 semantics: Unsqueeze axes and Pad pads as attributes,
    ConstantOfShape weights (as in onnx's light_* models), MaxPool without
    ceil_mode, Dropout whose mask is unused."""
    nodes = [
        helper.make_node("ConstantOfShape", ["w_shape"], ["w"], name="make_w",
                         value=helper.make_tensor("value", F, [1], [0.25])),
        helper.make_node("Conv", ["x", "w"], ["conv"], name="conv"),
        helper.make_node("Pad", ["conv"], ["padded"], name="pad", mode="reflect",
                         pads=[0, 0, 1, 1, 0, 0, 1, 1]),
        helper.make_node("MaxPool", ["padded"], ["pooled"], name="pool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Unsqueeze", ["scale"], ["scale4"], name="unsqueeze", axes=[1, 2]),
        helper.make_node("Mul", ["pooled", "scale4"], ["scaled"], name="mul"),
        helper.make_node("Dropout", ["scaled"], ["out", "mask"], name="dropout"),
    ]
    inits = [
        initializer("w_shape", np.array([2, 1, 3, 3], np.int64)),
        initializer("scale", np.array([0.5, 2.0], np.float32)),
    ]
    return _model(nodes, [_in("x", [1, 1, 6, 6])], [_out("out")], inits, opset=9)


def shape_subgraph() -> onnx.ModelProto:
    """An exporter's flatten: Shape, Gather, Unsqueeze, Concat feeding a
    Reshape, folded at import; Squeeze/Unsqueeze with axes inputs; Cast."""
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "zero"], ["n"], name="gather", axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"], name="unsqueeze_n"),
        helper.make_node("Concat", ["n1", "minus_one"], ["target"], name="concat", axis=0),
        helper.make_node("Reshape", ["x", "target"], ["flat"], name="flatten"),
        helper.make_node("Unsqueeze", ["flat", "axes0"], ["flat3"], name="unsqueeze"),
        helper.make_node("Squeeze", ["flat3", "axes0"], ["flat2"], name="squeeze"),
        helper.make_node("Cast", ["flat2"], ["half"], name="to_half", to=TensorProto.FLOAT16),
        helper.make_node("Cast", ["half"], ["single"], name="to_single", to=F),
        helper.make_node("ConstantOfShape", ["width"], ["ones"], name="ones",
                         value=helper.make_tensor("value", F, [1], [1.0])),
        helper.make_node("Add", ["single", "ones"], ["y"], name="add_ones"),
    ]
    inits = [
        initializer("zero", np.array(0, np.int64)),
        initializer("axes0", np.array([0], np.int64)),
        initializer("minus_one", np.array([-1], np.int64)),
        initializer("width", np.array([48], np.int64)),
    ]
    return _model(nodes, [_in("x", ["N", 3, 4, 4])], [_out("y")], inits)


def elementwise() -> onnx.ModelProto:
    """Broadcasting arithmetic, Sum, activations, Clip with input bounds,
    LRN, AveragePool with ceil_mode, Concat, Transpose, Pad (edge) with
    inputs, ArgMax, Identity, Constant."""
    nodes = [
        helper.make_node("Constant", [], ["two"], name="two", value_float=2.0),
        helper.make_node("Add", ["x", "bias"], ["added"], name="add"),
        helper.make_node("Mul", ["added", "two"], ["doubled"], name="mul"),
        helper.make_node("Sub", ["doubled", "x"], ["diff"], name="sub"),
        helper.make_node("Div", ["diff", "two"], ["halved"], name="div"),
        helper.make_node("Sum", ["x", "halved", "diff"], ["total"], name="sum"),
        helper.make_node("LeakyRelu", ["total"], ["leaky"], name="leaky", alpha=0.2),
        helper.make_node("Sigmoid", ["leaky"], ["sig"], name="sigmoid"),
        helper.make_node("Tanh", ["sig"], ["th"], name="tanh"),
        helper.make_node("Clip", ["th", "lo", ""], ["clipped"], name="clip"),
        helper.make_node("LRN", ["clipped"], ["lrn"], name="lrn", size=3),
        helper.make_node("AveragePool", ["lrn"], ["avg"], name="avgpool", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1),
        helper.make_node("Concat", ["avg", "avg"], ["cat"], name="concat", axis=1),
        helper.make_node("Transpose", ["cat"], ["nhwc"], name="transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Pad", ["nhwc", "pads"], ["padded"], name="pad", mode="edge"),
        helper.make_node("Identity", ["padded"], ["same"], name="identity"),
        helper.make_node("ArgMax", ["same"], ["index"], name="argmax", axis=3, keepdims=0),
    ]
    inits = [
        initializer("bias", np.array([[[1.0]], [[2.0]], [[3.0]]], np.float32)),
        initializer("lo", np.array(0.25, np.float32)),
        initializer("pads", np.array([0, 1, 0, 0, 0, 1, 0, 0], np.int64)),
    ]
    outputs = [_out("same"), helper.make_tensor_value_info("index", TensorProto.INT64, None)]
    return _model(nodes, [_in("x", [1, 3, 4, 4])], outputs, inits, opset=17)


def ml_branch() -> onnx.ModelProto:
    """A classifier as skl2onnx writes it: probabilities, then a label
    branch in the ai.onnx.ml domain."""
    rng = _rng(4)
    nodes = [
        helper.make_node("MatMul", ["X", "coefficient"], ["mul_result"], name="matmul"),
        helper.make_node("Add", ["mul_result", "intercepts"], ["add_result"], name="add"),
        helper.make_node("Softmax", ["add_result"], ["probabilities"], name="softmax"),
        helper.make_node("ArgMax", ["probabilities"], ["argmax_output"], name="argmax", axis=1),
        helper.make_node("ArrayFeatureExtractor", ["classes", "argmax_output"], ["label"],
                         name="label", domain="ai.onnx.ml"),
    ]
    inits = [
        _weights(rng, "coefficient", 4, 3),
        _weights(rng, "intercepts", 1, 3),
        initializer("classes", np.array([0, 1, 2], np.int64)),
    ]
    outputs = [helper.make_tensor_value_info("label", TensorProto.INT64, None), _out("probabilities")]
    return _model(nodes, [_in("X", [None, 4])], outputs, inits, opset=13,
                  extra_opsets=(("ai.onnx.ml", 1),))


def external_ok() -> tuple[onnx.ModelProto, dict[str, bytes]]:
    """A weight in an external file next to the model."""
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    tensor = initializer("w", w)
    raw = tensor.raw_data
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "external_ok.bin"), ("offset", "0"), ("length", str(len(raw)))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")]
    return _model(nodes, [_in("x", [1, 3])], [_out("y")], [tensor]), {"external_ok.bin": raw}


def breadth_functions() -> onnx.ModelProto:
    """Elementwise functions and variadic/binary ops of the ONNX breadth."""
    rng = _rng(7)
    nodes = [
        helper.make_node("Erf", ["x"], ["erf"], name="erf"),
        helper.make_node("Gelu", ["erf"], ["gelu"], name="gelu", approximate="tanh"),
        helper.make_node("HardSwish", ["gelu"], ["hs"], name="hard_swish"),
        helper.make_node("Elu", ["hs"], ["elu"], name="elu", alpha=0.5),
        helper.make_node("Pow", ["elu", "two"], ["pow"], name="pow"),
        helper.make_node("Min", ["pow", "x", "elu"], ["min"], name="min"),
        helper.make_node("Mean", ["min", "x"], ["mean"], name="mean"),
        helper.make_node("PRelu", ["mean", "slope"], ["y"], name="prelu"),
    ]
    inits = [initializer("two", np.array(2, np.int64)), _weights(rng, "slope", 4)]
    return _model(nodes, [_in("x", [1, 4])], [_out("y")], inits, opset=20)


def breadth_layout() -> onnx.ModelProto:
    """Reductions, normalizations, slicing and gathering of run-time tensors."""
    rng = _rng(8)
    i64 = lambda *v: initializer(f"c{len(v)}_{'_'.join(map(str, v))}".replace("-", "m"), np.array(v, np.int64))  # noqa: E731
    nodes = [
        helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["ln"], name="ln", axis=-1),
        helper.make_node("ReduceMean", ["ln", "c1_1"], ["pooled"], name="pool", keepdims=0),
        helper.make_node("Slice", ["x", "c1_1", "c1_m1", "c1_2"], ["sl"], name="slice"),
        helper.make_node("Gather", ["x", "c2_0_3"], ["ga"], name="gather", axis=1),
        helper.make_node("Split", ["x", "c2_2_2"], ["s0", "s1"], name="split", axis=2),
        helper.make_node("Expand", ["pooled", "c3_2_1_4"], ["ex"], name="expand"),
        helper.make_node("Tile", ["sl", "c3_1_1_2"], ["ti"], name="tile"),
        helper.make_node("Einsum", ["s0", "s1"], ["ei"], name="einsum", equation="bij,bkj->bik"),
    ]
    inits = [
        _weights(rng, "scale", 4), _weights(rng, "bias", 4),
        i64(1), i64(-1), i64(2), i64(0, 3), i64(2, 2), i64(2, 1, 4), i64(1, 1, 2),
    ]
    outputs = [_out(n) for n in ("ex", "ti", "ga", "ei")]
    return _model(nodes, [_in("x", [1, 5, 4])], outputs, inits, opset=18)


def integer_ops() -> onnx.ModelProto:
    """Integer and boolean tensors at run time, the bitwise and positional
    ops, and float classification."""
    I32, U8, B = TensorProto.INT32, TensorProto.UINT8, TensorProto.BOOL
    nodes = [
        helper.make_node("Div", ["a", "b"], ["quotient"], name="div"),
        helper.make_node("Mod", ["a", "b"], ["remainder"], name="mod"),
        helper.make_node("BitShift", ["u", "u"], ["shifted"], name="shift", direction="LEFT"),
        helper.make_node("BitwiseAnd", ["a", "b"], ["both"], name="and"),
        helper.make_node("BitwiseNot", ["a"], ["inverted"], name="not"),
        helper.make_node("Less", ["a", "b"], ["less"], name="less"),
        helper.make_node("Where", ["less", "a", "b"], ["smaller"], name="where"),
        helper.make_node("Cast", ["smaller"], ["real"], name="cast", to=F),
        helper.make_node("GatherElements", ["x", "idx"], ["picked"], name="pick", axis=1),
        helper.make_node("Trilu", ["x", "k"], ["lower"], name="trilu", upper=0),
        helper.make_node("CumSum", ["x", "axis"], ["running"], name="cumsum", reverse=1),
        helper.make_node("IsNaN", ["x"], ["nan"], name="isnan"),
        helper.make_node("IsInf", ["x"], ["inf"], name="isinf", detect_negative=0),
    ]
    inits = [
        initializer("idx", np.array([[2, -1], [0, 1]], np.int64)),
        initializer("k", np.array(1, np.int64)),
        initializer("axis", np.array(1, np.int32)),
    ]
    out = helper.make_tensor_value_info
    outputs = [
        out("quotient", I32, None), out("remainder", I32, None), out("shifted", U8, None),
        out("both", I32, None), out("inverted", I32, None), _out("real"), _out("picked"),
        _out("lower"), _out("running"), out("nan", B, None), out("inf", B, None),
    ]
    inputs = [_in("a", [2, 3], I32), _in("b", [2, 3], I32), _in("u", [2, 3], U8), _in("x", [2, 3])]
    return _model(nodes, inputs, outputs, inits, opset=18)


def integer_unary() -> onnx.ModelProto:
    """Neg, Abs and Sign of signed and unsigned integers, and ArgMin of
    integers (by complement)."""
    I8, U16, I64 = TensorProto.INT8, TensorProto.UINT16, TensorProto.INT64
    nodes = [
        helper.make_node("Neg", ["a"], ["negated"], name="neg"),
        helper.make_node("Abs", ["a"], ["magnitude"], name="abs"),
        helper.make_node("Sign", ["u"], ["signs"], name="sign"),
        helper.make_node("ArgMin", ["a"], ["smallest"], name="argmin", axis=1),
    ]
    out = helper.make_tensor_value_info
    outputs = [out("negated", I8, None), out("magnitude", I8, None), out("signs", U16, None), out("smallest", I64, None)]
    return _model(nodes, [_in("a", [2, 3], I8), _in("u", [2, 3], U16)], outputs, opset=13)


def neg_unsigned() -> onnx.ModelProto:
    nodes = [helper.make_node("Neg", ["u"], ["y"], name="neg")]
    return _model(nodes, [_in("u", [2, 3], TensorProto.UINT8)], [helper.make_tensor_value_info("y", TensorProto.UINT8, None)])


def losses() -> onnx.ModelProto:
    """NegativeLogLikelihoodLoss with weights and an ignored class, and
    SoftmaxCrossEntropyLoss with its log-probability output."""
    nodes = [
        helper.make_node("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["nll"], name="nll",
                         reduction="mean", ignore_index=2),
        helper.make_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["sce", "log_prob"], name="sce",
                         reduction="none"),
    ]
    inits = [initializer("w", np.array([0.5, 1.0, 2.0], np.float32))]
    outputs = [_out("nll"), _out("sce"), _out("log_prob")]
    return _model(nodes, [_in("x", [2, 3]), _in("t", [2], TensorProto.INT64)], outputs, inits, opset=18)


def selection_ops() -> onnx.ModelProto:
    """Hardmax, OneHot, EyeLike, Compress, CenterCropPad, LpPool,
    GroupNormalization and MeanVarianceNormalization, decomposed."""
    rng = _rng(12)
    nodes = [
        helper.make_node("Hardmax", ["x"], ["hard"], name="hardmax", axis=1),
        helper.make_node("OneHot", ["t", "depth", "values"], ["onehot"], name="onehot", axis=0),
        helper.make_node("EyeLike", ["x"], ["eye"], name="eye", k=1),
        helper.make_node("Compress", ["x", "keep"], ["kept"], name="compress", axis=1),
        helper.make_node("CenterCropPad", ["x", "crop"], ["centred"], name="crop"),
        helper.make_node("LpPool", ["img"], ["lp"], name="lppool", kernel_shape=[2, 2], p=2),
        helper.make_node("GroupNormalization", ["img", "scale", "bias"], ["gn"], name="gn", num_groups=2),
        helper.make_node("MeanVarianceNormalization", ["img"], ["mvn"], name="mvn"),
    ]
    inits = [
        initializer("depth", np.array(3, np.int64)),
        initializer("values", np.array([0.0, 1.0], np.float32)),
        initializer("keep", np.array([True, False, True])),
        initializer("crop", np.array([1, 5], np.int64)),
        _weights(rng, "scale", 4), _weights(rng, "bias", 4),
    ]
    outputs = [_out(n) for n in ("hard", "onehot", "eye", "kept", "centred", "lp", "gn", "mvn")]
    inputs = [_in("x", [2, 3]), _in("t", [2], TensorProto.INT64), _in("img", [1, 4, 3, 3])]
    return _model(nodes, inputs, outputs, inits, opset=21)


def scatter_ops() -> onnx.ModelProto:
    """TopK, ScatterElements, ScatterND, GatherND, a Hann window and
    TensorScatter (circular)."""
    I64 = TensorProto.INT64
    nodes = [
        helper.make_node("TopK", ["x", "k"], ["values", "indices"], name="topk", axis=1),
        helper.make_node("ScatterElements", ["x", "indices", "values"], ["scattered"], name="scatter",
                         axis=1, reduction="add"),
        helper.make_node("ScatterND", ["x", "rows", "x"], ["replaced"], name="scatter_nd"),
        helper.make_node("GatherND", ["x", "cells"], ["cells_of_x"], name="gather_nd"),
        helper.make_node("HannWindow", ["size"], ["window"], name="hann"),
        helper.make_node("TensorScatter", ["x", "row", "at"], ["cache"], name="cache", axis=1, mode="circular"),
    ]
    inits = [
        initializer("k", np.array([2], np.int64)),
        initializer("rows", np.array([[1], [0]], np.int64)),
        initializer("cells", np.array([[0, 2], [1, 0]], np.int64)),
        initializer("size", np.array(4, np.int64)),
        initializer("at", np.array([2, 0], np.int64)),
    ]
    out = helper.make_tensor_value_info
    outputs = [_out("values"), out("indices", I64, None), _out("scattered"), _out("replaced"),
               _out("cells_of_x"), _out("window"), _out("cache")]
    return _model(nodes, [_in("x", [2, 3]), _in("row", [2, 2])], outputs, inits, opset=24)


def signal_ops() -> onnx.ModelProto:
    """DFT (one-sided), Det, BitCast, SwiGLU, ReverseSequence, GridSample and
    AffineGrid."""
    nodes = [
        helper.make_node("DFT", ["signal", "", "axis"], ["spectrum"], name="dft", onesided=1),
        helper.make_node("Det", ["m"], ["det"], name="det"),
        helper.make_node("BitCast", ["m"], ["bits"], name="bitcast", to=TensorProto.INT32),
        helper.make_node("SwiGLU", ["m", "m"], ["glu"], name="swiglu", alpha=1.5),
        helper.make_node("ReverseSequence", ["m", "lens"], ["reversed"], name="reverse"),
        helper.make_node("GridSample", ["image", "grid"], ["sampled"], name="sample", mode="cubic",
                         padding_mode="border"),
        helper.make_node("AffineGrid", ["theta", "grid_size"], ["affine"], name="affine"),
    ]
    inits = [initializer("axis", np.array(1, np.int64)), initializer("lens", np.array([2, 1], np.int64)),
             initializer("grid_size", np.array([1, 1, 2, 2], np.int64))]
    outputs = [_out("spectrum"), _out("det"), helper.make_tensor_value_info("bits", TensorProto.INT32, None),
               _out("glu"), _out("reversed"), _out("sampled"), _out("affine")]
    inputs = [_in("signal", [1, 4, 1]), _in("m", [2, 2]), _in("image", [1, 1, 3, 3]), _in("grid", [1, 2, 2, 2]),
              _in("theta", [1, 2, 3])]
    return _model(nodes, inputs, outputs, inits, opset=28)


def resize_cubic() -> onnx.ModelProto:
    """Resize cubic along one axis, with exclude_outside."""
    nodes = [helper.make_node("Resize", ["x", "", "scales"], ["y"], name="cubic", mode="cubic",
                              cubic_coeff_a=-0.5, exclude_outside=1)]
    inits = [initializer("scales", np.array([1.0, 1.5], np.float32))]
    return _model(nodes, [_in("x", [1, 2])], [_out("y")], inits, opset=19)


def rotary() -> onnx.ModelProto:
    """RotaryEmbedding of a 3-D input, interleaved, half the head rotated,
    the caches read at run-time positions."""
    rng = _rng(13)
    nodes = [helper.make_node("RotaryEmbedding", ["x", "cos", "sin", "pos"], ["y"], name="rope",
                              interleaved=1, num_heads=2, rotary_embedding_dim=2)]
    inits = [_weights(rng, "cos", 4, 1), _weights(rng, "sin", 4, 1)]
    inputs = [_in("x", [1, 3, 8]), _in("pos", [1, 3], TensorProto.INT64)]
    return _model(nodes, inputs, [_out("y")], inits, opset=23)


def causal_conv() -> onnx.ModelProto:
    """CausalConvWithState with a past state and SiLU."""
    rng = _rng(14)
    nodes = [helper.make_node("CausalConvWithState", ["x", "w", "b", "past"], ["y", "present"], name="conv",
                              activation="silu")]
    inits = [_weights(rng, "w", 2, 1, 3), _weights(rng, "b", 2)]
    inputs = [_in("x", [1, 2, 4]), _in("past", [1, 2, 2])]
    return _model(nodes, inputs, [_out("y"), _out("present")], inits, opset=27)


def linear_attention() -> onnx.ModelProto:
    """LinearAttention, delta rule, two query heads on one KV head, two
    tokens."""
    nodes = [helper.make_node("LinearAttention", ["q", "k", "v", "", "", "beta"], ["y", "state"], name="la",
                              update_rule="delta", q_num_heads=2, kv_num_heads=1)]
    inputs = [_in("q", [1, 2, 4]), _in("k", [1, 2, 2]), _in("v", [1, 2, 2]), _in("beta", [1, 2, 1])]
    return _model(nodes, inputs, [_out("y"), _out("state")], opset=27)


def sequence_ops() -> onnx.ModelProto:
    """A forward RNN of two steps, ConvTranspose with output_shape, ArgMin."""
    rng = _rng(9)
    nodes = [
        helper.make_node("RNN", ["x", "W", "R"], ["", "h"], name="rnn", hidden_size=2),
        helper.make_node("ConvTranspose", ["img", "k"], ["up"], name="up", strides=[2, 2],
                         output_shape=[5, 5]),
        helper.make_node("ArgMin", ["up"], ["idx"], name="argmin", axis=1),
    ]
    inits = [_weights(rng, "W", 1, 2, 3), _weights(rng, "R", 1, 2, 2), _weights(rng, "k", 1, 2, 2, 2)]
    outputs = [_out("h"), helper.make_tensor_value_info("idx", TensorProto.INT64, None)]
    return _model(nodes, [_in("x", [2, 1, 3]), _in("img", [1, 1, 2, 2])], outputs, inits)


def resize() -> onnx.ModelProto:
    """Resize nearest (scales) and linear (sizes, align_corners)."""
    nodes = [
        helper.make_node("Resize", ["x", "", "scales"], ["near"], name="near", mode="nearest"),
        helper.make_node("Resize", ["x", "", "", "sizes"], ["lin"], name="lin", mode="linear",
                         coordinate_transformation_mode="align_corners"),
    ]
    inits = [
        initializer("scales", np.array([1, 1, 2, 1], np.float32)),
        initializer("sizes", np.array([1, 1, 2, 3], np.int64)),
    ]
    return _model(nodes, [_in("x", [1, 1, 2, 2])], [_out("near"), _out("lin")], inits, opset=19)


def depth_to_space() -> onnx.ModelProto:
    nodes = [helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=2, mode="CRD")]
    return _model(nodes, [_in("x", [1, 8, 2, 3])], [_out("y")])


def attention() -> onnx.ModelProto:
    """Attention (opset 23) on 3-D inputs: two query heads sharing one
    key/value head, causal."""
    nodes = [helper.make_node("Attention", ["q", "k", "v"], ["y"], name="attn", q_num_heads=2,
                              kv_num_heads=1, is_causal=1)]
    inputs = [_in("q", [1, 2, 4]), _in("k", [1, 2, 2]), _in("v", [1, 2, 2])]
    model = _model(nodes, inputs, [_out("y")], opset=23)
    model.ir_version = 10
    return model


# --------------------------------------------------------------------------
# Models for the diagnostics
# --------------------------------------------------------------------------


def unsupported_op() -> onnx.ModelProto:
    nodes = [helper.make_node("Unique", ["x"], ["y"], name="unique1")]
    return _model(nodes, [_in("x", [4, 4])], [_out("y")])


def several_problems() -> onnx.ModelProto:
    """A symbolic dimension, an unsupported op, an unsupported op after it,
    an attribute value outside what is supported, and a supported op after
    a failed one (not reported: its problem would be a consequence)."""
    nodes = [
        helper.make_node("Unique", ["x"], ["d"], name="unique1"),
        helper.make_node("NonZero", ["d"], ["n"], name="nonzero1"),
        helper.make_node("Relu", ["n"], ["r"], name="relu_after"),
        helper.make_node("MaxPool", ["p"], ["m"], name="pool", kernel_shape=[2, 2],
                         auto_pad="SAME"),
        helper.make_node("Relu", ["z"], ["zr"], name="relu_z"),
    ]
    inputs = [_in("x", [4, 4]), _in("p", [1, 1, 4, 4]), _in("z", [1, "C"])]
    return _model(nodes, inputs, [_out("r"), _out("m"), _out("zr")])


def conv3d() -> onnx.ModelProto:
    nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="conv3d")]
    inits = [initializer("w", np.ones((1, 1, 2, 2, 2), np.float32))]
    return _model(nodes, [_in("x", [1, 1, 4, 4, 4])], [_out("y")], inits)


def pad_wrap() -> onnx.ModelProto:
    nodes = [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad_wrap", mode="wrap")]
    inits = [initializer("pads", np.array([0, 1, 0, 1], np.int64))]
    return _model(nodes, [_in("x", [2, 4])], [_out("y")], inits, opset=19)


def bad_auto_pad() -> onnx.ModelProto:
    nodes = [helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                              auto_pad="SAME")]
    return _model(nodes, [_in("x", [1, 1, 4, 4])], [_out("y")])


def dynamic_dim() -> onnx.ModelProto:
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return _model(nodes, [_in("x", ["N", "C", 4, 4])], [_out("y")])


def recent_opset() -> onnx.ModelProto:
    """Ops whose schemas changed in opsets 22 to 25 (types only), at opset 25."""
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        helper.make_node("Flatten", ["c"], ["f"], name="flatten"),
        helper.make_node("Cast", ["f"], ["y"], name="cast", to=TensorProto.FLOAT16),
    ]
    inits = [initializer("w", np.ones((2, 1, 3, 3), np.float32))]
    output = helper.make_tensor_value_info("y", TensorProto.FLOAT16, None)
    return _model(nodes, [_in("x", [1, 1, 4, 4])], [output], inits, opset=25)


def zero_dim() -> onnx.ModelProto:
    """Static dimensions of size 0 (empty tensors) at axis 0 and 1."""
    nodes = [
        helper.make_node("Relu", ["x"], ["y"], name="relu"),
        helper.make_node("Relu", ["e"], ["z"], name="relu_empty_batch"),
    ]
    return _model(nodes, [_in("x", [3, 0]), _in("e", [0, 3, 4])], [_out("y"), _out("z")])


def uint8_input() -> onnx.ModelProto:
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return _model(nodes, [_in("x", [1, 4], TensorProto.UINT8)], [_out("y")])


def bitwise_float() -> onnx.ModelProto:
    nodes = [helper.make_node("BitwiseAnd", ["x", "x"], ["y"], name="and")]
    return _model(nodes, [_in("x", [1, 4])], [_out("y")], opset=18)


def range_run_time() -> onnx.ModelProto:
    I64 = TensorProto.INT64
    nodes = [helper.make_node("Range", ["start", "limit", "delta"], ["y"], name="range")]
    inputs = [_in("start", [], I64), _in("limit", [], I64), _in("delta", [], I64)]
    return _model(nodes, inputs, [helper.make_tensor_value_info("y", I64, None)], opset=18)


def missing_external() -> onnx.ModelProto:
    model, _ = external_ok()
    for entry in model.graph.initializer[0].external_data:
        if entry.key == "location":
            entry.value = "missing_weights.bin"
    return model


def opset_too_new() -> onnx.ModelProto:
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return _model(nodes, [_in("x", [1, 4])], [_out("y")], opset=99)


def opset_too_old() -> onnx.ModelProto:
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return _model(nodes, [_in("x", [1, 4])], [_out("y")], opset=5)


def op_too_new() -> onnx.ModelProto:
    """DFT (opset 17) in an opset-16 model, and a node reading its output."""
    nodes = [
        helper.make_node("DFT", ["x"], ["f"], name="dft", onesided=1),
        helper.make_node("Relu", ["f"], ["y"], name="relu"),
    ]
    return _model(nodes, [_in("x", [1, 8, 1])], [_out("y")], opset=16)


def op_removed() -> onnx.ModelProto:
    """Upsample (removed in opset 10) in an opset-10 model, and a Scatter
    (removed in 11) after it that also reads a failed tensor."""
    nodes = [
        helper.make_node("Upsample", ["x", "scales"], ["u"], name="upsample"),
        helper.make_node("Scatter", ["u", "i", "v"], ["y"], name="scatter"),
    ]
    inits = [
        initializer("scales", np.array([1, 1, 2, 2], np.float32)),
        initializer("i", np.zeros((1, 1, 1, 1), np.int64)),
        initializer("v", np.zeros((1, 1, 1, 1), np.float32)),
    ]
    return _model(nodes, [_in("x", [1, 1, 2, 2])], [_out("y")], inits, opset=11)


def truncated() -> bytes:
    data = conv_net().SerializeToString()
    return data[: len(data) // 2]


MODELS: dict[str, Callable[[], object]] = {
    "conv_net": conv_net,
    "gemm": gemm,
    "matmul": matmul,
    "conv_variants": conv_variants,
    "legacy_opset6": legacy_opset6,
    "legacy_opset9": legacy_opset9,
    "shape_subgraph": shape_subgraph,
    "elementwise": elementwise,
    "ml_branch": ml_branch,
    "external_ok": external_ok,
    "unsupported_op": unsupported_op,
    "several_problems": several_problems,
    "conv3d": conv3d,
    "pad_wrap": pad_wrap,
    "bad_auto_pad": bad_auto_pad,
    "dynamic_dim": dynamic_dim,
    "recent_opset": recent_opset,
    "breadth_functions": breadth_functions,
    "breadth_layout": breadth_layout,
    "integer_ops": integer_ops,
    "integer_unary": integer_unary,
    "neg_unsigned": neg_unsigned,
    "losses": losses,
    "selection_ops": selection_ops,
    "scatter_ops": scatter_ops,
    "signal_ops": signal_ops,
    "resize_cubic": resize_cubic,
    "rotary": rotary,
    "causal_conv": causal_conv,
    "linear_attention": linear_attention,
    "sequence_ops": sequence_ops,
    "resize": resize,
    "attention": attention,
    "depth_to_space": depth_to_space,
    "zero_dim": zero_dim,
    "uint8_input": uint8_input,
    "bitwise_float": bitwise_float,
    "range_run_time": range_run_time,
    "missing_external": missing_external,
    "opset_too_new": opset_too_new,
    "opset_too_old": opset_too_old,
    "op_too_new": op_too_new,
    "op_removed": op_removed,
    "truncated": truncated,
}


def files() -> dict[str, bytes]:
    """Every file this script writes, by name."""
    out: dict[str, bytes] = {}
    for name, make in MODELS.items():
        made = make()
        extra: dict[str, bytes] = {}
        if isinstance(made, tuple):
            made, extra = made
        out[f"{name}.onnx"] = made if isinstance(made, bytes) else made.SerializeToString()
        out.update(extra)
    return out


def main(argv: list[str]) -> int:
    return write_or_check(HERE, files(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
