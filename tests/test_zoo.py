"""The zoo (`asic.examples.zoo`) at the software levels: every network
learned the digits, its ONNX is written as exporters write it (opset 17,
BatchNormalization left in, Flatten then Gemm with transB, Clip with its
bounds as inputs, 1-D Conv for sequences) and agrees with onnxruntime,
the frontend imports it (the nn interpreter agrees with onnxruntime too),
and the qnt interpreter's top-1 after `calibrate,quantize` stays close to
the float one at W8A8 and W4A4 (on `FAST_IMAGES` held-out images by
default, on the whole split in the slow test, which prints the figures).
The hardware path is `tests/test_zoo_hardware.py`."""

from __future__ import annotations

import numpy as np
import onnx
import pytest

from asic.examples.zoo import MODELS, trained
from asic.examples.zoo.pipeline import BITS, imported, outputs, quantized

FAST_IMAGES = 100

OP_TYPES = {
    "lenet": {"Conv", "Relu", "MaxPool", "Flatten", "Gemm"},
    "resnet": {"Conv", "BatchNormalization", "Relu", "Add", "GlobalAveragePool", "Flatten", "Gemm"},
    "mobilenet": {
        "Conv",
        "BatchNormalization",
        "Clip",
        "Add",
        "GlobalAveragePool",
        "Flatten",
        "Gemm",
    },
    "dscnn": {"Conv", "BatchNormalization", "Relu", "AveragePool", "Flatten", "Gemm"},
    "inception": {"Conv", "Relu", "MaxPool", "Concat", "AveragePool", "Flatten", "Gemm"},
    "conv1d": {"Conv", "Relu", "MaxPool", "Flatten", "Gemm"},
    "mlp": {"Gemm", "Sigmoid", "Tanh", "LeakyRelu"},
}
"""The op types of each network's ONNX graph, exactly."""

MAX_DROP = {"w8a8": 0.01, "w4a4": 0.025}
"""The largest top-1 drop from float to the qnt interpreter allowed on the
whole held-out split (540 images). Measured: at most 0.19 points at W8A8
(three networks gain a point or two), 0.19 to 1.67 points at W4A4."""


@pytest.fixture(scope="module", params=MODELS)
def model(request, zoo_cache):
    return trained(request.param, zoo_cache)


def test_learned(model):
    assert model.float_accuracy() > 0.93


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def test_exported_as_exporters_write(model):
    proto = model.onnx
    onnx.checker.check_model(proto, full_check=True)
    assert [(o.domain, o.version) for o in proto.opset_import] == [("", 17)]
    nodes = proto.graph.node
    assert {n.op_type for n in nodes} == OP_TYPES[model.name]
    initializers = {i.name for i in proto.graph.initializer}
    for node in nodes:
        attributes = _attributes(node)
        if node.op_type == "Gemm":
            assert attributes["transB"] == 1 and node.input[1].endswith(".weight")
        if node.op_type == "Conv":
            assert len(node.input) == 3 and node.input[2] in initializers  # with bias
            rank = 1 if model.name == "conv1d" else 2
            assert len(attributes["kernel_shape"]) == len(attributes["strides"]) == rank
        if node.op_type == "Clip":
            assert len(node.input) == 3 and not attributes  # opset >= 11: bounds are inputs
            bounds = [
                onnx.numpy_helper.to_array(i)
                for i in proto.graph.initializer
                if i.name in node.input
            ]
            assert sorted(float(b) for b in bounds) == [0.0, 6.0]
        if node.op_type == "BatchNormalization":
            assert node.input[3].endswith(".running_mean") and node.input[4].endswith(
                ".running_var"
            )
    if model.name == "mobilenet":
        assert max(_attributes(n)["group"] for n in nodes if n.op_type == "Conv") == 48


def _onnxruntime(model, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(
        model.onnx.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    (logits,) = session.run(["logits"], {"input": model.network.inputs(x)})
    return logits


def test_onnxruntime_and_the_nn_interpreter_agree(model):
    x = model.data.x_test[:32]
    reference = _onnxruntime(model, x)
    np.testing.assert_allclose(model.network.forward(x), reference, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(outputs(imported(model), model, x), reference, rtol=1e-4, atol=1e-4)


def _top1(logits: np.ndarray, labels: np.ndarray) -> float:
    return float((logits.argmax(1) == labels).mean())


@pytest.mark.parametrize("bits", sorted(BITS))
def test_quantized_top1_close_to_float(model, bits, tmp_path):
    x, y = model.data.x_test[:FAST_IMAGES], model.data.y_test[:FAST_IMAGES]
    module = quantized(model, bits, tmp_path)
    drop = model.float_accuracy(FAST_IMAGES) - _top1(outputs(module, model, x), y)
    assert drop <= MAX_DROP[bits] + 0.03  # a hundred images: allow three more errors


@pytest.mark.slow
@pytest.mark.parametrize("bits", sorted(BITS))
def test_quantized_top1_on_the_whole_split(model, bits, tmp_path, capsys):
    module = quantized(model, bits, tmp_path)
    x, y = model.data.x_test, model.data.y_test
    accuracy, float_accuracy = _top1(outputs(module, model, x), y), model.float_accuracy()
    with capsys.disabled():
        print(
            f"\n{model.name} {bits}: float {float_accuracy:.4f}, qnt {accuracy:.4f} ({len(x)} images)"
        )
    assert float_accuracy - accuracy <= MAX_DROP[bits]
