"""QDQ import (`asic.lowering.onnx.qdq`): models quantized by onnxruntime's
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
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper
from xdsl.dialects.builtin import IntegerType

from asic.dialects import qnt
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.interp.runner import run_function
from asic.lowering.onnx.importer import OnnxImportError, import_onnx
from asic.lowering.onnx.qdq import uses_qdq
from support.qdq_models import (  # noqa: E402
    dq_node,
    gemm_model,
    init,
    pattern_qdq,
    q_node,
    qdq_model,
    quantize_qdq,
    quantized_tensors,
    run_onnxruntime,
)

F = TensorProto.FLOAT


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


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


@pytest.mark.parametrize("activations", ["u8", "i8"])
@pytest.mark.parametrize("per_channel", [False, True], ids=["per-tensor", "per-channel"])
def test_patterns_match_onnxruntime(tmp_path, per_channel, activations) -> None:
    qdq = pattern_qdq(tmp_path, per_channel, activations)
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
    from asic.dialects.windows import windows

    qdq = pattern_qdq(tmp_path, True, "u8")
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
    qdq = pattern_qdq(tmp_path, True, "u8")
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


def test_gemm_import_types_and_multipliers() -> None:
    module = import_onnx(gemm_model())
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
    model = gemm_model()
    x = np.random.default_rng(0).uniform(-6, 6, (64, 4)).astype(np.float32)
    ours = run_function(import_onnx(model), {"x": x})["y"]
    fake = run_function(import_onnx(model, qdq="fake-quant"), {"x": x})["y"]
    theirs = run_onnxruntime(model, ["y"], {"x": x}, True)["y"]
    step = np.float32(0.1)
    assert np.abs(ours - theirs).max() <= step * 1.001
    assert np.mean(ours == theirs) >= 0.99
    assert np.abs(ours - fake).max() <= step * 1.001


def test_per_tensor_weight_and_bias_scale_check() -> None:
    module = import_onnx(gemm_model(weight_axis=None))
    weight = next(op for op in module.walk() if isinstance(op, qnt.ConstantOp) and op.sym_name.data == "w")
    assert not quantized_type_of(weight.result).is_per_axis
    with pytest.raises(OnnxImportError, match=r"Gemm node 'gemm': the bias 'bd' has scale .* accumulator"):
        import_onnx(gemm_model(bias_scale_factor=2.0))
    with pytest.raises(OnnxImportError, match=r"per-axis weights of Gemm are supported along the output channels \(axis 0\)"):
        import_onnx(gemm_model(weight_axis=1))


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
        init("z", np.array(zero_point, dtype))
        if dtype is not None
        else helper.make_tensor("z", onnx_type, [], [zero_point])
    )
    nodes = [
        q_node("x", "xq", "s", "z"),
        helper.make_node("Relu", ["xd"], ["r"], name="relu"),
        dq_node("xq", "xd", "s", "z"),
        q_node("r", "rq", "s", "z"),
        dq_node("rq", "y", "s", "z"),
    ]
    nodes = [nodes[0], nodes[2], nodes[1], nodes[3], nodes[4]]
    model = qdq_model(nodes, [init("s", np.float32(0.25)), zp], opset=21)
    module = import_onnx(model)
    quantized = next(op for op in module.walk() if isinstance(op, qnt.QuantizeOp))
    assert quantized_type_of(quantized.result).storage == storage
    assert any(isinstance(op, qnt.ClampOp) for op in module.walk())
    x = np.linspace(-3, 3, 4 * 25, dtype=np.float32).reshape(25, 4)
    ours = run_function(module, {"x": x})["y"]
    fake = run_function(import_onnx(model, qdq="fake-quant"), {"x": x})["y"]
    np.testing.assert_array_equal(ours, fake)


def test_uses_qdq_and_float_models_are_unchanged() -> None:
    float_model = qdq_model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [])
    assert not uses_qdq(float_model) and uses_qdq(gemm_model())
    assert [op.name for op in import_onnx(float_model).walk()][-2:] == ["nn.relu", "func.return"]
    with pytest.raises(ValueError, match="qdq must be one of integer, fake-quant"):
        import_onnx(float_model, qdq="int8")


def test_graph_output_of_stored_integers_and_argmax() -> None:
    """A Q output as a graph output is the qnt tensor; ArgMax of a DQ
    output is qnt.argmax on the stored integers."""
    nodes = [
        q_node("x", "xq", "s", "z"), dq_node("xq", "xd", "s", "z"),
        helper.make_node("ArgMax", ["xd"], ["index"], name="argmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", F, [1, 5])],
        [helper.make_tensor_value_info("xq", TensorProto.UINT8, None),
         helper.make_tensor_value_info("index", TensorProto.INT64, None)],
        [init("s", np.float32(0.5)), init("z", np.uint8(3))],
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
        q_node("x", "xq", "s", "z"), dq_node("xq", "xd", "s", "z"),
        helper.make_node("Transpose", ["xd"], ["t"], name="transpose", perm=[0, 2, 1]),
        helper.make_node("Unsqueeze", ["t", "axes"], ["u"], name="unsqueeze"),
        helper.make_node("Squeeze", ["u", "axes"], ["sq"], name="squeeze"),
        helper.make_node("Identity", ["sq"], ["i"], name="identity"),
        helper.make_node("Reshape", ["i", "shape"], ["r"], name="reshape"),
        helper.make_node("Flatten", ["r"], ["f"], name="flatten"),
        q_node("f", "fq", "s", "z"), dq_node("fq", "fd", "s", "z"),
        q_node("fd", "gq", "s2", "z"), dq_node("gq", "y", "s2", "z"),
    ]
    inits = [
        init("s", np.float32(0.5)), init("s2", np.float32(0.25)), init("z", np.uint8(3)),
        init("axes", np.array([1], np.int64)), init("shape", np.array([1, 3, 2], np.int64)),
    ]
    model = qdq_model(nodes, inits, inputs=(("x", [1, 2, 3]),))
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
    onnx.save(gemm_model(), path)
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
        q_node("x", "xq", "s", "z"), dq_node("xq", "xd", "s", "z"),
        helper.make_node("Softmax", ["xd"], ["p"], name="softmax"),
        q_node("p", "pq", "sp", "z"), dq_node("pq", "y", "sp", "z"),
    ]
    inits = [init("s", np.float32(0.1)), init("sp", np.float32(1 / 255)), init("z", np.uint8(0))]
    module = import_onnx(qdq_model(nodes, inits))
    names = [op.name for op in module.walk()]
    assert names[2:-1] == ["qnt.quantize", "qnt.dequantize", "nn.softmax", "qnt.quantize", "qnt.dequantize"]
