"""Depthwise-separable (keyword-spotting DS-CNN style): conv 1->16 3x3
(pad 1) + batchnorm + relu, then two pairs of depthwise 3x3 (pad 1, 16
groups) + batchnorm + relu and pointwise 1x1 16->16 + batchnorm + relu,
average pool 4x4 (stride 4), flatten (16x2x2 = 64), gemm 64->10."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import (
    Activation,
    BatchNorm,
    Conv,
    Dense,
    Flatten,
    Pool,
    Sequential,
)
from asic.examples.zoo.network import Network

CHANNELS = 16


def separable(name: str, rng: np.random.Generator) -> list:
    return [
        Conv(f"{name}.depthwise", CHANNELS, CHANNELS, (3, 3), rng, pads=(1, 1, 1, 1), groups=CHANNELS),
        BatchNorm(f"{name}.depthwise_bn", CHANNELS), Activation("relu"),
        Conv(f"{name}.pointwise", CHANNELS, CHANNELS, (1, 1), rng),
        BatchNorm(f"{name}.pointwise_bn", CHANNELS), Activation("relu"),
    ]  # fmt: skip


def build(rng: np.random.Generator) -> Network:
    body = Sequential(
        Conv("conv1", 1, CHANNELS, (3, 3), rng, pads=(1, 1, 1, 1)), BatchNorm("bn1", CHANNELS),
        Activation("relu"),
        *separable("ds1", rng),
        *separable("ds2", rng),
        Pool("average", (4, 4), (4, 4)), Flatten(), Dense("fc", CHANNELS * 4, 10, rng),
    )  # fmt: skip
    return Network("dscnn", body, (1, 8, 8), epochs=8)
