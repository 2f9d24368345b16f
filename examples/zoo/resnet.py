"""ResNet-style: stem conv 1->16 3x3 (pad 1) + batchnorm + relu, two
residual blocks (conv 3x3 - batchnorm - relu - conv 3x3 - batchnorm, plus
the skip, then relu; 16 channels at 8x8), global average pool, flatten,
gemm 16->10."""

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

CHANNELS = 16


def conv_bn(name: str, cin: int, cout: int, rng: np.random.Generator) -> list:
    """A 3x3 convolution (pad 1) followed by its batchnorm."""
    return [
        Conv(f"{name}.conv", cin, cout, (3, 3), rng, pads=(1, 1, 1, 1)),
        BatchNorm(f"{name}.bn", cout),
    ]


def block(name: str, rng: np.random.Generator) -> list:
    body = Residual(
        *conv_bn(f"{name}.0", CHANNELS, CHANNELS, rng), Activation("relu"),
        *conv_bn(f"{name}.1", CHANNELS, CHANNELS, rng),
    )  # fmt: skip
    return [body, Activation("relu")]


def build(rng: np.random.Generator) -> Network:
    body = Sequential(
        *conv_bn("stem", 1, CHANNELS, rng), Activation("relu"),
        *block("layer1", rng),
        *block("layer2", rng),
        GlobalAveragePool(), Flatten(), Dense("fc", CHANNELS, 10, rng),
    )  # fmt: skip
    return Network("resnet", body, (1, 8, 8), epochs=8)
