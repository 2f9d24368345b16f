"""QDQ import (`asic.lowering.qdq_to_qnt`): models quantized by onnxruntime's
`quantize_static` in QDQ format, imported to qnt, run by the qnt
interpreter and compared with onnxruntime running the same model, both with
its QLinear kernels (graph optimizations on) and as float fake quantization
(optimizations off).

Agreement is measured on the stored integers of every QuantizeLinear
output: identical on at least 99% of the elements and never more than one
step apart, except where the module docstring says why not (onnxruntime's
approximate QLinearSoftmax, exact ties of AveragePool).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import IntegerType

from asic.dialects import nn, qnt
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.interp.runner import run_function
from asic.lowering.onnx_to_nn import OnnxImportError, import_onnx
from asic.lowering.qdq_to_qnt import uses_qdq

ort = pytest.importorskip("onnxruntime")
quantization = pytest.importorskip("onnxruntime.quantization")

F = TensorProto.FLOAT


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class _Reader(quantization.CalibrationDataReader):
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
        _Reader(input_name, calibration),
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


def agreement(ours: np.ndarray, theirs: np.ndarray) -> tuple[float, int]:
    """The fraction of identical elements and the largest difference."""
    a = np.asarray(ours, np.int64).reshape(theirs.shape)
    diff = np.abs(a - theirs.astype(np.int64))
    return float(np.mean(diff == 0)), int(diff.max(initial=0))


def compare_with_onnxruntime(
    model: onnx.ModelProto,
    feeds: dict[str, np.ndarray],
    *,
    exclude: tuple[str, ...] = (),
    label: str = "",
) -> dict[tuple[str, bool], tuple[float, int]]:
    """Run the imported model and onnxruntime (both modes) and return the
    agreement on every quantized tensor; assert >= 99% identical and at
    most one step apart, except on `exclude`."""
    names = quantized_tensors(model)
    ours = run_function(import_onnx(model, outputs=names), feeds)
    results = {}
    for optimized in (True, False):
        theirs = run_onnxruntime(model, names, feeds, optimized)
        for name in names:
            same, worst = agreement(ours[name], theirs[name])
            results[(name, optimized)] = (same, worst)
            mode = "qlinear" if optimized else "float"
            print(f"{label} {mode:7s} {name}: {100 * same:.3f}% identical, max {worst}")
            if name not in exclude:
                assert same >= 0.99 and worst <= 1, (name, mode, same, worst)
    return results


# --------------------------------------------------------------------------
# The digits models (trained here: slow)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits_mlp():
    from asic.examples.digits import PROBABILITIES, train_digits_mlp

    model, data = train_digits_mlp()
    # The classifier up to its probabilities (the ai.onnx.ml label branch cut).
    graph = onnx.utils.Extractor(model).extract_model(["X"], [PROBABILITIES])
    return graph, data


@pytest.fixture(scope="module")
def digits_cnn():
    from asic.examples.digits import export_digits_cnn, train_digits_cnn

    weights, data = train_digits_cnn()
    return export_digits_cnn(weights), data


def _calibration(x: np.ndarray, shape: tuple[int, ...]) -> list[np.ndarray]:
    return [x[i : i + 32].reshape(-1, *shape) for i in range(0, 256, 32)]


@pytest.mark.slow
@pytest.mark.parametrize("per_channel", [False, True], ids=["per-tensor", "per-channel"])
def test_digits_mlp_matches_onnxruntime(digits_mlp, tmp_path, per_channel) -> None:
    model, data = digits_mlp
    qdq = quantize_qdq(
        model, tmp_path, "X", _calibration(data.x_train, (64,)), per_channel=per_channel
    )
    # The softmax is a float island here; onnxruntime's QLinearSoftmax
    # multiplies by floor(1 / y_scale) = 254 where the QDQ model divides by
    # y_scale = 1/255: checked against the float run only.
    softmax = next(n for n in qdq.graph.node if n.op_type == "Softmax")
    softmax_outputs = tuple(
        n.output[0] for n in qdq.graph.node
        if n.op_type == "QuantizeLinear" and n.input[0] == softmax.output[0]
    )
    assert softmax_outputs
    results = compare_with_onnxruntime(
        qdq, {"X": data.x_test}, exclude=softmax_outputs, label=f"mlp per_channel={per_channel}"
    )
    for name in softmax_outputs:
        assert results[(name, False)][0] >= 0.99 and results[(name, False)][1] <= 1
        assert results[(name, True)][1] <= 1
    # The integer layers are bit-identical to onnxruntime's QLinear kernels.
    logits = "add_result1_QuantizeLinear_Output"
    assert results[(logits, True)] == (1.0, 0)


@pytest.mark.slow
@pytest.mark.parametrize("activations", ["u8", "i8"])
@pytest.mark.parametrize("per_channel", [False, True], ids=["per-tensor", "per-channel"])
def test_digits_cnn_matches_onnxruntime(digits_cnn, tmp_path, per_channel, activations) -> None:
    model, data = digits_cnn
    qdq = quantize_qdq(
        model, tmp_path, "image", _calibration(data.x_train, (1, 8, 8)),
        per_channel=per_channel, activations=activations,
    )
    results = compare_with_onnxruntime(
        qdq, {"image": data.x_test.reshape(-1, 1, 8, 8)},
        label=f"cnn per_channel={per_channel} {activations}",
    )
    assert results[("logits_QuantizeLinear_Output", True)][0] >= 0.999
    # The imported IR: integer conv2d and dense, the fused ReLU as the
    # requantization's lower bound (or the storage bound it equals).
    module = import_onnx(qdq)
    names = [op.name for op in module.walk()]
    assert names.count("qnt.conv2d") == 1 and names.count("qnt.dense") == 1
    assert not any(n.startswith("nn.") for n in names)
    weight = next(op for op in module.walk() if isinstance(op, qnt.ConstantOp) and "conv1.weight" in op.sym_name.data)
    assert quantized_type_of(weight.result).is_per_axis == per_channel


@pytest.mark.slow
def test_digits_cnn_accuracy_matches_onnxruntime(digits_cnn, tmp_path) -> None:
    """Top-1 on the held-out digits: ours and onnxruntime's, equal."""
    model, data = digits_cnn
    qdq = quantize_qdq(model, tmp_path, "image", _calibration(data.x_train, (1, 8, 8)), per_channel=True)
    x = data.x_test.reshape(-1, 1, 8, 8)
    ours = run_function(import_onnx(qdq), {"image": x})["logits"]
    theirs = run_onnxruntime(qdq, ["logits"], {"image": x}, True)["logits"]
    assert np.mean(ours.argmax(1) == data.y_test) == np.mean(theirs.argmax(1) == data.y_test)
    assert np.mean(ours.argmax(1) == data.y_test) > 0.9


# --------------------------------------------------------------------------
# Every pattern, on a synthetic model quantized by onnxruntime
# --------------------------------------------------------------------------


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


def _pattern_qdq(tmp_path, per_channel: bool, activations: str) -> onnx.ModelProto:
    rng = np.random.default_rng(1)
    calibration = [rng.standard_normal((16, 3, 8, 8)).astype(np.float32) for _ in range(4)]
    return quantize_qdq(
        pattern_model(), tmp_path, "x", calibration, per_channel=per_channel,
        activations=activations, name="patterns",
    )


@pytest.mark.parametrize("activations", ["u8", "i8"])
@pytest.mark.parametrize("per_channel", [False, True], ids=["per-tensor", "per-channel"])
def test_patterns_match_onnxruntime(tmp_path, per_channel, activations) -> None:
    qdq = _pattern_qdq(tmp_path, per_channel, activations)
    x = np.random.default_rng(2).standard_normal((500, 3, 8, 8)).astype(np.float32)
    module = import_onnx(qdq, outputs=quantized_tensors(qdq))
    kinds = {op.name for op in module.walk()}
    for name in (
        "qnt.conv2d", "qnt.dense", "qnt.matmul", "qnt.requantize", "qnt.add", "qnt.concat",
        "qnt.maxpool2d", "qnt.avgpool2d", "qnt.global_avgpool2d", "qnt.lut", "qnt.transpose",
        "qnt.reshape", "qnt.flatten", "nn.mul",
    ):
        assert name in kinds, name
    # AveragePool: exact ties, below.
    compare_with_onnxruntime(
        qdq, {"x": x}, exclude=("ap_QuantizeLinear_Output",), label=f"patterns {per_channel} {activations}"
    )


def test_average_pool_differs_only_on_ties(tmp_path) -> None:
    """Averaging integers makes exact ties (a window sum S over n = 4 or 6
    border taps with S/n = k + 1/2): there onnxruntime rounds by its float
    error and half to even, qnt.avgpool2d by its multiplier's encoding error
    and half away from zero. Everywhere else the results are identical."""
    from asic.dialects.qnt import avgpool_window_counts
    from asic.interp.utils import windows

    qdq = _pattern_qdq(tmp_path, True, "u8")
    x = np.random.default_rng(3).standard_normal((200, 3, 8, 8)).astype(np.float32)
    names = ["cat_QuantizeLinear_Output", "ap_QuantizeLinear_Output"]
    ours = run_function(import_onnx(qdq, outputs=names), {"x": x})
    theirs = run_onnxruntime(qdq, names, {"x": x}, True)
    function = import_onnx(qdq, outputs=names[:1]).body.block.ops.first
    zero_point = quantized_type_of(function.get_return_op().operands[0]).zero_point

    def window_sums(cat: np.ndarray) -> np.ndarray:
        centered = np.asarray(cat, np.int64) - zero_point
        return windows(centered, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), (8, 8), 0).sum(axis=(-2, -1))

    # Where an earlier layer rounded a near-tie differently, the windows
    # differ (rarely); compare the pooling where its inputs agree.
    sums = window_sums(ours[names[0]])
    same_input = sums == window_sums(theirs[names[0]])
    assert same_input.mean() > 0.999
    counts = avgpool_window_counts((8, 8), (3, 3), (1, 1), (1, 1, 1, 1), (8, 8), False)
    ties = (2 * sums) % counts == 0
    ties &= ((2 * sums) // counts) % 2 == 1
    mismatch = (ours[names[1]] != theirs[names[1]]) & same_input
    assert mismatch.any() and ties[mismatch].all()
    assert np.abs(ours[names[1]] - theirs[names[1]].astype(np.int64)).max() == 1
    print(f"avgpool: {100 * (1 - mismatch.mean()):.3f}% identical, {100 * ties.mean():.3f}% exact ties")


def test_fake_quant_mode_matches_onnxruntime_float(tmp_path) -> None:
    """`qdq="fake-quant"`: Q/DQ as qnt.quantize/qnt.dequantize around float
    nn ops, the model's float semantics."""
    qdq = _pattern_qdq(tmp_path, True, "u8")
    module = import_onnx(qdq, qdq="fake-quant")
    kinds = {op.name for op in module.walk()}
    assert kinds <= {
        "builtin.module", "func.func", "func.return", "qnt.quantize", "qnt.dequantize",
    } | {name for name in kinds if name.startswith("nn.")}
    assert "nn.conv2d" in kinds and "qnt.conv2d" not in kinds
    x = np.random.default_rng(4).standard_normal((100, 3, 8, 8)).astype(np.float32)
    names = quantized_tensors(qdq)
    ours = run_function(import_onnx(qdq, outputs=names, qdq="fake-quant"), {"x": x})
    theirs = run_onnxruntime(qdq, names, {"x": x}, False)
    for name in names:
        same, worst = agreement(ours[name], theirs[name])
        assert worst <= 1 and (same >= 0.99 or name == "ap_QuantizeLinear_Output"), (name, same)


# --------------------------------------------------------------------------
# The imported IR on small hand-built QDQ models
# --------------------------------------------------------------------------


def _init(name: str, array) -> TensorProto:
    return numpy_helper.from_array(np.asarray(array), name)


def _qdq_model(nodes, inits, inputs=(("x", [1, 4]),), outputs=("y",), opset=13) -> onnx.ModelProto:
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


def _q(x: str, y: str, scale: str, zp: str, **attrs) -> onnx.NodeProto:
    return helper.make_node("QuantizeLinear", [x, scale, zp], [y], name=f"q_{y}", **attrs)


def _dq(x: str, y: str, scale: str, zp: str, **attrs) -> onnx.NodeProto:
    return helper.make_node("DequantizeLinear", [x, scale, zp], [y], name=f"dq_{y}", **attrs)


def _gemm_model(weight_axis: int | None = 0, bias_scale_factor: float = 1.0) -> onnx.ModelProto:
    """x -> Q -> DQ -> Gemm(W int8, b int32) -> Relu -> Q -> DQ -> y."""
    sx, sy = 0.05, 0.1
    sw = np.array([0.01, 0.02, 0.03], np.float32)
    w = np.array([[1, -2, 3, -4], [5, 6, -7, 8], [-9, 10, 11, 127]], np.int8)
    nodes = [
        _q("x", "xq", "sx", "zx"), _dq("xq", "xd", "sx", "zx"),
        _dq("w", "wd", "sw", "zw", **({"axis": weight_axis} if weight_axis is not None else {})),
        _dq("b", "bd", "sb", "zb", axis=0),
        helper.make_node("Gemm", ["xd", "wd", "bd"], ["g"], name="gemm", transB=1),
        helper.make_node("Relu", ["g"], ["r"], name="relu"),
        _q("r", "rq", "sy", "zy"), _dq("rq", "y", "sy", "zy"),
    ]
    sw_init = sw if weight_axis is not None else sw[:1].reshape(())
    inits = [
        _init("sx", np.float32(sx)), _init("zx", np.uint8(128)),
        _init("w", w), _init("sw", sw_init),
        _init("zw", np.zeros(3, np.int8) if weight_axis is not None else np.int8(0)),
        _init("b", np.array([100, -200, 300], np.int32)),
        _init("sb", (np.float32(sx) * (sw if weight_axis is not None else np.full(3, sw[0])) * bias_scale_factor).astype(np.float32)),
        _init("zb", np.zeros(3, np.int32)),
        _init("sy", np.float32(sy)), _init("zy", np.uint8(10)),
    ]
    return _qdq_model(nodes, inits, inputs=(("x", ["N", 4]),))


def test_gemm_import_types_and_multipliers() -> None:
    module = import_onnx(_gemm_model())
    ops = {op.name: op for op in module.walk()}
    assert isinstance(ops["qnt.quantize"].result.type.get_element_type(), UniformQuantizedType)
    x_type = quantized_type_of(ops["qnt.quantize"].result)
    assert (x_type.storage, x_type.zero_point) == ("u8", 128)
    assert x_type.scale == float(np.float32(0.05))
    weight = next(op for op in module.walk() if isinstance(op, qnt.ConstantOp) and op.sym_name.data == "w")
    w_type = quantized_type_of(weight.result)
    assert w_type.axis == 0 and (w_type.qmin, w_type.qmax) == (-127, 127)
    assert w_type.scales == tuple(float(s) for s in np.array([0.01, 0.02, 0.03], np.float32))
    bias = next(op for op in module.walk() if isinstance(op, qnt.ConstantOp) and op.sym_name.data == "b")
    assert bias.result.type.get_element_type() == IntegerType(10)
    requantize = ops["qnt.requantize"]
    y_type = quantized_type_of(requantize.result)
    assert (y_type.zero_point, requantize.min.value.data) == (10, 10)  # the fused Relu
    assert requantize.max is None
    expected = [
        qnt.encode_multiplier(
            qnt.Fraction(float(np.float32(0.05))) * qnt.Fraction(float(s)) / qnt.Fraction(float(np.float32(0.1)))
        )
        for s in np.array([0.01, 0.02, 0.03], np.float32)
    ]
    assert list(requantize.multipliers.get_values()) == [m for m, _ in expected]
    assert list(requantize.shifts.get_values()) == [s for _, s in expected]


def test_gemm_matches_fake_quant_and_batches() -> None:
    model = _gemm_model()
    x = np.random.default_rng(0).uniform(-6, 6, (64, 4)).astype(np.float32)
    ours = run_function(import_onnx(model), {"x": x})["y"]
    fake = run_function(import_onnx(model, qdq="fake-quant"), {"x": x})["y"]
    theirs = run_onnxruntime(model, ["y"], {"x": x}, True)["y"]
    step = np.float32(0.1)
    assert np.abs(ours - theirs).max() <= step * 1.001
    assert np.mean(ours == theirs) >= 0.99
    assert np.abs(ours - fake).max() <= step * 1.001


def test_per_tensor_weight_and_bias_scale_check() -> None:
    module = import_onnx(_gemm_model(weight_axis=None))
    weight = next(op for op in module.walk() if isinstance(op, qnt.ConstantOp) and op.sym_name.data == "w")
    assert not quantized_type_of(weight.result).is_per_axis
    with pytest.raises(OnnxImportError, match=r"Gemm node 'gemm': the bias 'bd' has scale .* accumulator"):
        import_onnx(_gemm_model(bias_scale_factor=2.0))
    with pytest.raises(OnnxImportError, match=r"per-axis weights of Gemm are supported along the output channels \(axis 0\)"):
        import_onnx(_gemm_model(weight_axis=1))


@pytest.mark.parametrize(
    ("storage", "onnx_type", "dtype", "zero_point"),
    [
        ("u16", TensorProto.UINT16, np.uint16, 30000),
        ("i16", TensorProto.INT16, np.int16, -5),
        ("u4", TensorProto.UINT4, None, 8),
        ("i4", TensorProto.INT4, None, 0),
    ],
)
def test_storage_types(storage, onnx_type, dtype, zero_point) -> None:
    """Q/DQ of 16- and 4-bit types (opset 21) round-trip through qnt."""
    zp = (
        _init("z", np.array(zero_point, dtype))
        if dtype is not None
        else helper.make_tensor("z", onnx_type, [], [zero_point])
    )
    nodes = [
        _q("x", "xq", "s", "z"),
        helper.make_node("Relu", ["xd"], ["r"], name="relu"),
        _dq("xq", "xd", "s", "z"),
        _q("r", "rq", "s", "z"),
        _dq("rq", "y", "s", "z"),
    ]
    nodes = [nodes[0], nodes[2], nodes[1], nodes[3], nodes[4]]
    model = _qdq_model(nodes, [_init("s", np.float32(0.25)), zp], opset=21)
    module = import_onnx(model)
    quantized = next(op for op in module.walk() if isinstance(op, qnt.QuantizeOp))
    assert quantized_type_of(quantized.result).storage == storage
    assert any(isinstance(op, qnt.ClampOp) for op in module.walk())
    x = np.linspace(-3, 3, 4 * 25, dtype=np.float32).reshape(25, 4)
    ours = run_function(module, {"x": x})["y"]
    fake = run_function(import_onnx(model, qdq="fake-quant"), {"x": x})["y"]
    np.testing.assert_array_equal(ours, fake)


def test_uses_qdq_and_float_models_are_unchanged() -> None:
    float_model = _qdq_model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [])
    assert not uses_qdq(float_model) and uses_qdq(_gemm_model())
    assert [op.name for op in import_onnx(float_model).walk()][-2:] == ["nn.relu", "func.return"]
    with pytest.raises(ValueError, match="qdq must be one of integer, fake-quant"):
        import_onnx(float_model, qdq="int8")


def test_graph_output_of_stored_integers_and_argmax() -> None:
    """A Q output as a graph output is the qnt tensor; ArgMax of a DQ
    output is qnt.argmax on the stored integers."""
    nodes = [
        _q("x", "xq", "s", "z"), _dq("xq", "xd", "s", "z"),
        helper.make_node("ArgMax", ["xd"], ["index"], name="argmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", F, [1, 5])],
        [helper.make_tensor_value_info("xq", TensorProto.UINT8, None),
         helper.make_tensor_value_info("index", TensorProto.INT64, None)],
        [_init("s", np.float32(0.5)), _init("z", np.uint8(3))],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    module = import_onnx(model)
    assert any(isinstance(op, qnt.ArgmaxOp) for op in module.walk())
    out = run_function(module, {"x": np.array([[0.0, 2.0, -1.0, 7.0, 1.0]], np.float32)})
    np.testing.assert_array_equal(out["xq"], [[3, 7, 1, 17, 5]])
    np.testing.assert_array_equal(out["index"], [[3]])


def test_layout_ops_on_quantized_tensors() -> None:
    """Reshape, Flatten, Transpose, Squeeze, Unsqueeze and Identity of a DQ
    output are qnt layout ops on the stored integers; a DQ -> Q pair with the
    same parameters is the identity, with others a requantize."""
    nodes = [
        _q("x", "xq", "s", "z"), _dq("xq", "xd", "s", "z"),
        helper.make_node("Transpose", ["xd"], ["t"], name="transpose", perm=[0, 2, 1]),
        helper.make_node("Unsqueeze", ["t", "axes"], ["u"], name="unsqueeze"),
        helper.make_node("Squeeze", ["u", "axes"], ["sq"], name="squeeze"),
        helper.make_node("Identity", ["sq"], ["i"], name="identity"),
        helper.make_node("Reshape", ["i", "shape"], ["r"], name="reshape"),
        helper.make_node("Flatten", ["r"], ["f"], name="flatten"),
        _q("f", "fq", "s", "z"), _dq("fq", "fd", "s", "z"),
        _q("fd", "gq", "s2", "z"), _dq("gq", "y", "s2", "z"),
    ]
    inits = [
        _init("s", np.float32(0.5)), _init("s2", np.float32(0.25)), _init("z", np.uint8(3)),
        _init("axes", np.array([1], np.int64)), _init("shape", np.array([1, 3, 2], np.int64)),
    ]
    model = _qdq_model(nodes, inits, inputs=(("x", [1, 2, 3]),))
    module = import_onnx(model)
    names = [op.name for op in module.walk()]
    assert names.count("qnt.requantize") == 1 and not any(n.startswith("nn.") for n in names)
    for name in ("qnt.transpose", "qnt.reshape", "qnt.flatten"):
        assert name in names
    x = np.arange(6, dtype=np.float32).reshape(1, 2, 3) - 1
    np.testing.assert_array_equal(
        run_function(module, {"x": x})["y"], run_function(import_onnx(model, qdq="fake-quant"), {"x": x})["y"]
    )


def test_asic_opt_and_asic_run_keep_qdq(tmp_path) -> None:
    path = os.path.join(tmp_path, "gemm.onnx")
    onnx.save(_gemm_model(), path)
    integer = subprocess.run(["asic-opt", path], capture_output=True, text=True, check=True).stdout
    fake = subprocess.run(["asic-opt", path, "--keep-qdq"], capture_output=True, text=True, check=True).stdout
    assert "qnt.dense" in integer and "nn.dense" not in integer
    assert "nn.dense" in fake and "qnt.dense" not in fake
    inputs = os.path.join(tmp_path, "in.npz")
    np.savez(inputs, x=np.ones((3, 4), np.float32))
    for flags in ([], ["--keep-qdq"]):
        out = os.path.join(tmp_path, "out.npz")
        subprocess.run(["asic-run", path, "--inputs", inputs, "--output", out, *flags], check=True)
        assert np.load(out)["y"].shape == (3, 3)
    bad = subprocess.run(
        [sys.executable, "-m", "asic.tools.asic_run", "x.mlir", "--inputs", inputs, "--output", "o.npz", "--keep-qdq"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert bad.returncode == 1


def test_float_island_keeps_model_semantics() -> None:
    """An op without an integer form (Softmax) between DQ and Q: nn ops
    between qnt.dequantize and qnt.quantize."""
    nodes = [
        _q("x", "xq", "s", "z"), _dq("xq", "xd", "s", "z"),
        helper.make_node("Softmax", ["xd"], ["p"], name="softmax"),
        _q("p", "pq", "sp", "z"), _dq("pq", "y", "sp", "z"),
    ]
    inits = [_init("s", np.float32(0.1)), _init("sp", np.float32(1 / 255)), _init("z", np.uint8(0))]
    module = import_onnx(_qdq_model(nodes, inits))
    names = [op.name for op in module.walk()]
    assert names[2:-1] == ["qnt.quantize", "qnt.dequantize", "nn.softmax", "qnt.quantize", "qnt.dequantize"]
