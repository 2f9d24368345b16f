"""MLP with smooth and leaky activations: gemm 64->32 + sigmoid, gemm
32->32 + tanh, gemm 32->32 + leaky relu (alpha 0.01), gemm 32->10."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo.layers import Activation, Dense, Sequential
from asic.examples.zoo.network import Network


def build(rng: np.random.Generator) -> Network:
    body = Sequential(
        Dense("fc1", 64, 32, rng), Activation("sigmoid"),
        Dense("fc2", 32, 32, rng), Activation("tanh"),
        Dense("fc3", 32, 32, rng), Activation("leaky_relu"),
        Dense("fc4", 32, 10, rng),
    )  # fmt: skip
    return Network("mlp", body, (64,), epochs=30, learning_rate=0.003)
