"""Conv1d: each image a sequence of 8 steps (its columns) of 8 channels
(its rows); conv1d 8->16 kernel 3 (pad 1) + relu, max pool 2 (stride 2),
conv1d 16->16 kernel 3 (pad 1) + relu, flatten (16x4 = 64), gemm 64->10.
The ONNX nodes have one spatial axis."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import Activation, Conv, Dense, Flatten, Pool, Sequential
from asic.examples.zoo.network import Network


def build(rng: np.random.Generator) -> Network:
    body = Sequential(
        Conv("conv1", 8, 16, (1, 3), rng, pads=(0, 1, 0, 1)), Activation("relu"),
        Pool("max", (1, 2), (1, 2)),
        Conv("conv2", 16, 16, (1, 3), rng, pads=(0, 1, 0, 1)), Activation("relu"),
        Flatten(), Dense("fc", 64, 10, rng),
    )  # fmt: skip
    return Network("conv1d", body, (8, 8))
