"""A small convolutional network whose every batchnorm stays unfolded (no
`fold-batchnorm`), exported the way ONNX writes it, with seeded random
weights: the channel-wise multiply-add engine in each place a network puts
one.

`channelwise_net`, on `[N, 2, 6, 6]`:

    BatchNormalization (on the input)
    Conv 3x3 pad 1 (2 -> 4), Relu, Conv 3x3 pad 1 (4 -> 4), Add (residual)
    BatchNormalization (after the add)
    Conv 1x1 (4 -> 2) and Conv 3x3 pad 1 (4 -> 3), Concat (5 channels)
    BatchNormalization (after the concat)
    MaxPool 2x2
    BatchNormalization (after the pool)
    Mul, Add by per-channel constants
    Flatten, Gemm 45 -> 8, Relu
    BatchNormalization (rank 2, after the dense layer)
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper

from support.conv_models import onnx_model

INPUT_SHAPE = (2, 6, 6)
BATCHNORMS = 5
"""The unfolded batchnorms; with the per-channel Mul and Add, six
channel-wise multiply-adds."""


def channelwise_net(seed: int = 0) -> onnx.ModelProto:
    rng = np.random.default_rng(seed)
    inits: dict[str, np.ndarray] = {}
    n = helper.make_node

    def batchnorm(name: str, channels: int, x: str, y: str):
        names = [f"{name}.{p}" for p in ("scale", "bias", "mean", "var")]
        values = (rng.uniform(0.5, 2, channels), rng.normal(0, 0.5, channels),
                  rng.normal(0, 0.5, channels), rng.uniform(0.5, 2, channels))  # fmt: skip
        inits.update(zip(names, values))
        return n("BatchNormalization", [x, *names], [y], name=name)

    def conv(name: str, cin: int, cout: int, k: int, x: str, y: str):
        inits[f"{name}.weight"] = rng.normal(0, np.sqrt(2 / (cin * k * k)), (cout, cin, k, k))
        inits[f"{name}.bias"] = rng.normal(0, 0.1, cout)
        return n("Conv", [x, f"{name}.weight", f"{name}.bias"], [y], name=name, kernel_shape=[k, k], pads=[k // 2] * 4)

    inits["scale"] = rng.uniform(0.5, 2, (1, 5, 1, 1))
    inits["offset"] = rng.normal(0, 0.5, (1, 5, 1, 1))
    inits["fc.weight"] = rng.normal(0, np.sqrt(2 / 45), (8, 45))
    inits["fc.bias"] = rng.normal(0, 0.1, 8)
    nodes = [
        batchnorm("bn_in", 2, "x", "b0"),
        conv("conv1", 2, 4, 3, "b0", "c1"),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        conv("conv2", 4, 4, 3, "r1", "c2"),
        n("Add", ["r1", "c2"], ["s"], name="residual"),
        batchnorm("bn_add", 4, "s", "b1"),
        conv("branch1", 4, 2, 1, "b1", "u"),
        conv("branch2", 4, 3, 3, "b1", "v"),
        n("Concat", ["u", "v"], ["cat"], name="concat", axis=1),
        batchnorm("bn_cat", 5, "cat", "b2"),
        n("MaxPool", ["b2"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        batchnorm("bn_pool", 5, "p", "b3"),
        n("Mul", ["b3", "scale"], ["m"], name="mul"),
        n("Add", ["m", "offset"], ["a"], name="add"),
        n("Flatten", ["a"], ["flat"], name="flatten"),
        n("Gemm", ["flat", "fc.weight", "fc.bias"], ["f"], name="fc", transB=1),
        n("Relu", ["f"], ["r2"], name="relu2"),
        batchnorm("bn_fc", 8, "r2", "logits"),
    ]
    return onnx_model(nodes, inits, INPUT_SHAPE, "channelwise", input_name="x", classes=8)
