"""Inception-style: stem conv 1->8 3x3 (pad 1) + relu, one inception block
of three branches concatenated along the channels (1x1 8->8 + relu; 1x1
8->4 + relu then 3x3 4->8 (pad 1) + relu; max pool 3x3 stride 1 (pad 1)
then 1x1 8->8 + relu: 24 channels), average pool 4x4 (stride 4), flatten
(24x2x2 = 96), gemm 96->10."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import (
    Activation,
    Branches,
    Conv,
    Dense,
    Flatten,
    Pool,
    Sequential,
)
from asic.examples.zoo.network import Network


def build(rng: np.random.Generator) -> Network:
    block = Branches(
        Sequential(Conv("block.1x1", 8, 8, (1, 1), rng), Activation("relu")),
        Sequential(
            Conv("block.3x3_reduce", 8, 4, (1, 1), rng), Activation("relu"),
            Conv("block.3x3", 4, 8, (3, 3), rng, pads=(1, 1, 1, 1)), Activation("relu"),
        ),
        Sequential(
            Pool("max", (3, 3), (1, 1), (1, 1, 1, 1)),
            Conv("block.pool_proj", 8, 8, (1, 1), rng), Activation("relu"),
        ),
    )  # fmt: skip
    body = Sequential(
        Conv("stem", 1, 8, (3, 3), rng, pads=(1, 1, 1, 1)), Activation("relu"),
        block,
        Pool("average", (4, 4), (4, 4)), Flatten(), Dense("fc", 96, 10, rng),
    )  # fmt: skip
    return Network("inception", body, (1, 8, 8))
