"""MobileNetV2-style: stem conv 1->16 3x3 (pad 1) + batchnorm + ReLU6, one
inverted residual block (1x1 expand 16->48 + batchnorm + ReLU6, depthwise
3x3 (pad 1, 48 groups) + batchnorm + ReLU6, 1x1 project 48->16 + batchnorm,
plus the skip), global average pool, flatten, gemm 16->10. ReLU6 is
`Clip(0, 6)` in ONNX."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import (
    Activation,
    BatchNorm,
    Conv,
    Dense,
    Flatten,
    GlobalAveragePool,
    Residual,
    Sequential,
)
from asic.examples.zoo.network import Network

CHANNELS, EXPANDED = 16, 48


def build(rng: np.random.Generator) -> Network:
    inverted_residual = Residual(
        Conv("block.expand", CHANNELS, EXPANDED, (1, 1), rng), BatchNorm("block.expand_bn", EXPANDED),
        Activation("relu6"),
        Conv("block.depthwise", EXPANDED, EXPANDED, (3, 3), rng, pads=(1, 1, 1, 1), groups=EXPANDED),
        BatchNorm("block.depthwise_bn", EXPANDED), Activation("relu6"),
        Conv("block.project", EXPANDED, CHANNELS, (1, 1), rng), BatchNorm("block.project_bn", CHANNELS),
    )  # fmt: skip
    body = Sequential(
        Conv("stem.conv", 1, CHANNELS, (3, 3), rng, pads=(1, 1, 1, 1)), BatchNorm("stem.bn", CHANNELS),
        Activation("relu6"),
        inverted_residual,
        GlobalAveragePool(), Flatten(), Dense("fc", CHANNELS, 10, rng),
    )  # fmt: skip
    return Network("mobilenet", body, (1, 8, 8), epochs=8)
