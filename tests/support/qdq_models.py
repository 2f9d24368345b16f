"""QDQ models for the tests: onnxruntime's `quantize_static` in QDQ format,
onnxruntime runs with chosen outputs, and a synthetic model with every
pattern the QDQ import knows."""

from __future__ import annotations

import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime import quantization

F = TensorProto.FLOAT


class Reader(quantization.CalibrationDataReader):
    def __init__(self, name: str, batches: list[np.ndarray]):
        self._feeds = iter([{name: b} for b in batches])

    def get_next(self):
        return next(self._feeds, None)


def quantize_qdq(
    model: onnx.ModelProto,
    tmp_path,
    input_name: str,
    calibration: list[np.ndarray],
    *,
    per_channel: bool,
    activations: str = "u8",
    name: str = "model",
) -> onnx.ModelProto:
    """onnxruntime's `quantize_static` in QDQ format: int8 weights, u8 or
    i8 activations, MinMax calibration over `calibration` batches."""
    source = os.path.join(tmp_path, f"{name}.onnx")
    target = os.path.join(tmp_path, f"{name}_qdq_{int(per_channel)}_{activations}.onnx")
    onnx.save(model, source)
    quantization.quantize_static(
        source,
        target,
        Reader(input_name, calibration),
        quant_format=quantization.QuantFormat.QDQ,
        per_channel=per_channel,
        activation_type=quantization.QuantType.QUInt8 if activations == "u8" else quantization.QuantType.QInt8,
        weight_type=quantization.QuantType.QInt8,
    )
    return onnx.load(target)


def quantized_tensors(model: onnx.ModelProto) -> list[str]:
    """The outputs of the QuantizeLinear nodes: every quantized tensor."""
    return [n.output[0] for n in model.graph.node if n.op_type == "QuantizeLinear"]


def run_onnxruntime(
    model: onnx.ModelProto, outputs: list[str], feeds: dict[str, np.ndarray], optimized: bool
) -> dict[str, np.ndarray]:
    """onnxruntime on `model` with `outputs` as the graph outputs: with its
    QLinear fusions (`optimized`) or as float fake quantization."""
    cut = onnx.ModelProto()
    cut.CopyFrom(model)
    del cut.graph.output[:]
    cut.graph.output.extend(helper.make_empty_tensor_value_info(n) for n in outputs)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    if not optimized:
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(
        cut.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return dict(zip(outputs, session.run(outputs, feeds)))


def pattern_model() -> onnx.ModelProto:
    """Conv + Clip (ReLU6), 1x1 Conv + Relu, Add, Concat, MaxPool (ceil),
    AveragePool, LeakyRelu, Sigmoid, GlobalAveragePool, Flatten, Gemm, Mul
    (a float island), Transpose, Reshape, MatMul with a constant 2-D right
    operand on a 3-D input, Tanh, MatMul of two activations."""
    rng = np.random.default_rng(0)

    def weight(name: str, *shape: int, scale: float = 0.5) -> TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "wa", "ba"], ["ca"], name="conv_a", pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["ca", "zero", "six"], ["ra"], name="relu6"),
        helper.make_node("Conv", ["x", "wb", "bb"], ["cb"], name="conv_b"),
        helper.make_node("Relu", ["cb"], ["rb"], name="relu_b"),
        helper.make_node("Add", ["ra", "rb"], ["sum"], name="add"),
        helper.make_node("Concat", ["sum", "rb"], ["cat"], name="concat", axis=1),
        helper.make_node("MaxPool", ["cat"], ["mp"], name="maxpool", kernel_shape=[3, 3],
                         strides=[2, 2], ceil_mode=1),
        helper.make_node("AveragePool", ["cat"], ["ap"], name="avgpool", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["mp"], ["lk"], name="leaky", alpha=0.1),
        helper.make_node("Sigmoid", ["lk"], ["sg"], name="sigmoid"),
        helper.make_node("GlobalAveragePool", ["sg"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "wf", "bf"], ["fc"], name="fc", transB=1),
        helper.make_node("Mul", ["fc", "scale"], ["scaled"], name="mul"),
        helper.make_node("Transpose", ["mp"], ["nhwc"], name="transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["nhwc", "shape"], ["seq"], name="reshape"),
        helper.make_node("MatMul", ["seq", "wm"], ["proj"], name="matmul3d"),
        helper.make_node("Tanh", ["proj"], ["th"], name="tanh"),
        helper.make_node("Transpose", ["th"], ["tht"], name="transpose2", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["tht", "th"], ["gram"], name="matmul_dynamic"),
    ]
    inits = [
        weight("wa", 4, 3, 3, 3), weight("ba", 4, scale=0.1),
        weight("wb", 4, 3, 1, 1), weight("bb", 4, scale=0.1),
        numpy_helper.from_array(np.array(0, np.float32), "zero"),
        numpy_helper.from_array(np.array(6, np.float32), "six"),
        weight("wf", 5, 8), weight("bf", 5, scale=0.1),
        numpy_helper.from_array(np.array([1.5, -0.5, 2, 1, 0.25], np.float32), "scale"),
        numpy_helper.from_array(np.array([0, -1, 8], np.int64), "shape"),
        weight("wm", 8, 6),
    ]
    outputs = [helper.make_tensor_value_info(n, F, None) for n in ("scaled", "gram", "ap")]
    graph = helper.make_graph(
        nodes, "patterns", [helper.make_tensor_value_info("x", F, ["N", 3, 8, 8])], outputs, inits
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def pattern_qdq(tmp_path, per_channel: bool, activations: str, model: onnx.ModelProto | None = None) -> onnx.ModelProto:
    """`pattern_model` (or `model`, same input) quantized on random normal
    calibration batches."""
    rng = np.random.default_rng(1)
    calibration = [rng.standard_normal((16, 3, 8, 8)).astype(np.float32) for _ in range(4)]
    return quantize_qdq(
        model or pattern_model(), tmp_path, "x", calibration, per_channel=per_channel,
        activations=activations, name="patterns",
    )


# --------------------------------------------------------------------------
# Small QDQ models by hand
# --------------------------------------------------------------------------


def init(name: str, array) -> TensorProto:
    return numpy_helper.from_array(np.asarray(array), name)


def qdq_model(nodes, inits, inputs=(("x", [1, 4]),), outputs=("y",), opset=13) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info(n, F, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, F, None) for n in outputs],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8 if opset < 21 else 10
    return model


def q_node(x: str, y: str, scale: str, zp: str, **attrs) -> onnx.NodeProto:
    return helper.make_node("QuantizeLinear", [x, scale, zp], [y], name=f"q_{y}", **attrs)


def dq_node(x: str, y: str, scale: str, zp: str, **attrs) -> onnx.NodeProto:
    return helper.make_node("DequantizeLinear", [x, scale, zp], [y], name=f"dq_{y}", **attrs)


def gemm_model(weight_axis: int | None = 0, bias_scale_factor: float = 1.0) -> onnx.ModelProto:
    """x -> Q -> DQ -> Gemm(W int8, b int32) -> Relu -> Q(u8, 0.1, 10) -> DQ ->
    y, by hand: per-channel weights (`weight_axis` 0) or per tensor (None),
    the bias scale `s_x * s_w` times `bias_scale_factor`."""
    sx, sy = 0.05, 0.1
    sw = np.array([0.01, 0.02, 0.03], np.float32)
    w = np.array([[1, -2, 3, -4], [5, 6, -7, 8], [-9, 10, 11, 127]], np.int8)
    nodes = [
        q_node("x", "xq", "sx", "zx"), dq_node("xq", "xd", "sx", "zx"),
        dq_node("w", "wd", "sw", "zw", **({"axis": weight_axis} if weight_axis is not None else {})),
        dq_node("b", "bd", "sb", "zb", axis=0),
        helper.make_node("Gemm", ["xd", "wd", "bd"], ["g"], name="gemm", transB=1),
        helper.make_node("Relu", ["g"], ["r"], name="relu"),
        q_node("r", "rq", "sy", "zy"), dq_node("rq", "y", "sy", "zy"),
    ]
    sw_init = sw if weight_axis is not None else sw[:1].reshape(())
    inits = [
        init("sx", np.float32(sx)), init("zx", np.uint8(128)),
        init("w", w), init("sw", sw_init),
        init("zw", np.zeros(3, np.int8) if weight_axis is not None else np.int8(0)),
        init("b", np.array([100, -200, 300], np.int32)),
        init("sb", (np.float32(sx) * (sw if weight_axis is not None else np.full(3, sw[0])) * bias_scale_factor).astype(np.float32)),
        init("zb", np.zeros(3, np.int32)),
        init("sy", np.float32(sy)), init("zy", np.uint8(10)),
    ]
    return qdq_model(nodes, inits, inputs=(("x", ["N", 4]),))
