"""LeNet-style: conv 1->6 3x3 (pad 1) + relu, max pool 2x2, conv 6->16 3x3
(no padding) + relu, flatten (16x2x2 = 64), gemm 64->32 + relu, gemm
32->10."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import Activation, Conv, Dense, Flatten, Pool, Sequential
from asic.examples.zoo.network import Network


def build(rng: np.random.Generator) -> Network:
    body = Sequential(
        Conv("conv1", 1, 6, (3, 3), rng, pads=(1, 1, 1, 1)),
        Activation("relu"),
        Pool("max", (2, 2), (2, 2)),
        Conv("conv2", 6, 16, (3, 3), rng),
        Activation("relu"),
        Flatten(),
        Dense("fc1", 64, 32, rng),
        Activation("relu"),
        Dense("fc2", 32, 10, rng),
    )
    return Network("lenet", body, (1, 8, 8))
