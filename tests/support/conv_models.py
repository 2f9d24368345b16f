"""Small convolutional networks on the 8x8 digits as ONNX models the way
exporters write them (Conv with bias, Relu, MaxPool / AveragePool, Flatten
then Gemm), with seeded random weights: what the convolution lowering is
checked on end to end (integers and cycles do not need trained weights;
the trained digits CNN is `asic.examples.digits`).

- `lenet`: Conv 3x3 pad 1 (1 -> 4), Relu, MaxPool 2x2, Conv 3x3 pad 1
  (4 -> 8), Relu, MaxPool 2x2, Flatten, Gemm 32 -> 16, Relu, Gemm 16 -> 10;
- `conv1d`: the image as a sequence `[N, 1, 64]`, Conv (k 5, pad 2, 1 -> 4),
  Relu, AveragePool (k 2, stride 2), Conv (k 3, stride 2, 4 -> 4), Relu,
  Flatten, Gemm 64 -> 10.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def onnx_model(nodes, inits, input_shape, name: str, input_name: str = "image", classes: int = 10) -> onnx.ModelProto:
    """The checked opset-17 model of `nodes` from the input `input_name`
    (`[N, *input_shape]`) to `logits` (`[N, classes]`), with the
    initializers `inits` in float32."""
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["N", *input_shape])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", classes])],
        [numpy_helper.from_array(v.astype(np.float32), k) for k, v in inits.items()],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


def _weights(rng, shapes: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    out = {}
    for name, shape in shapes.items():
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        scale = np.sqrt(2 / fan_in) if len(shape) > 1 else 0.1
        out[name] = rng.standard_normal(shape) * scale
    return out


def lenet(seed: int = 0) -> onnx.ModelProto:
    rng = np.random.default_rng(seed)
    w = _weights(rng, {
        "conv1.weight": (4, 1, 3, 3), "conv1.bias": (4,), "conv2.weight": (8, 4, 3, 3), "conv2.bias": (8,),
        "fc1.weight": (16, 32), "fc1.bias": (16,), "fc2.weight": (10, 16), "fc2.bias": (10,),
    })  # fmt: skip
    n = helper.make_node
    nodes = [
        n("Conv", ["image", "conv1.weight", "conv1.bias"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        n("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        n("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], name="conv2", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        n("Relu", ["c2"], ["r2"], name="relu2"),
        n("MaxPool", ["r2"], ["p2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        n("Flatten", ["p2"], ["flat"], name="flatten"),
        n("Gemm", ["flat", "fc1.weight", "fc1.bias"], ["f1"], name="fc1", transB=1),
        n("Relu", ["f1"], ["r3"], name="relu3"),
        n("Gemm", ["r3", "fc2.weight", "fc2.bias"], ["logits"], name="fc2", transB=1),
    ]
    return onnx_model(nodes, w, [1, 8, 8], "lenet")


def conv1d(seed: int = 0) -> onnx.ModelProto:
    rng = np.random.default_rng(seed)
    w = _weights(rng, {
        "conv1.weight": (4, 1, 5), "conv1.bias": (4,), "conv2.weight": (4, 4, 3), "conv2.bias": (4,),
        "fc.weight": (10, 60), "fc.bias": (10,),
    })  # fmt: skip
    n = helper.make_node
    nodes = [
        n("Conv", ["image", "conv1.weight", "conv1.bias"], ["c1"], name="conv1", kernel_shape=[5], pads=[2, 2]),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        n("AveragePool", ["r1"], ["p1"], name="pool1", kernel_shape=[2], strides=[2]),
        n("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], name="conv2", kernel_shape=[3], strides=[2]),
        n("Relu", ["c2"], ["r2"], name="relu2"),
        n("Flatten", ["r2"], ["flat"], name="flatten"),
        n("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
    ]
    return onnx_model(nodes, w, [1, 64], "conv1d")
