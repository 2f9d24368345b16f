"""A zoo of small real networks trained with numpy on scikit-learn's digits
and exported as ONNX the way PyTorch's exporter writes them: the
convolutional families an accelerator compiler is judged on, one module per
architecture (`MODELS`), sharing the layers of `asic.examples.zoo.layers`
and the training of `asic.examples.zoo.network`;
`asic.examples.zoo.pipeline` compiles them (import, quantize, hardware).

`trained(name)` builds and trains a network (seed 0; 1 to 20 seconds on one
core) and keeps it for the rest of the process; with `cache`, a directory,
its weights are also stored there (one `.npz` per network, keyed by a hash
of the zoo's sources, so a change to the networks or their training trains
again) and read back by a later process.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from asic.examples.digits import DigitsSplit, load_digits_split
from asic.examples.zoo.network import Network

MODELS = ("lenet", "resnet", "mobilenet", "dscnn", "inception", "conv1d", "mlp")
"""The zoo's networks, by the name of their module."""


@dataclass(frozen=True)
class Trained:
    network: Network
    data: DigitsSplit

    @functools.cached_property
    def onnx(self) -> onnx.ModelProto:
        return self.network.export()

    @property
    def name(self) -> str:
        return self.network.name

    def float_accuracy(self, count: int | None = None) -> float:
        """Top-1 of the float network on the first `count` held-out images."""
        return self.network.accuracy(self.data.x_test[:count], self.data.y_test[:count])


def build(name: str, seed: int = 0) -> Network:
    """The untrained network `name` (one of `MODELS`)."""
    if name not in MODELS:
        raise ValueError(f"unknown zoo model {name!r}; expected one of {', '.join(MODELS)}")
    module = importlib.import_module(f"asic.examples.zoo.{name}")
    return module.build(np.random.default_rng(seed))


def trained(name: str, cache: Path | None = None) -> Trained:
    return _trained(name, None if cache is None else Path(cache))


@functools.cache
def _trained(name: str, cache: Path | None) -> Trained:
    network = build(name)
    data = load_digits_split()
    path = None if cache is None else cache / f"{name}-{_source_hash()}.npz"
    if path is not None and path.exists():
        with np.load(path) as stored:
            network.load_state(dict(stored))
    else:
        network.train(data)
        if path is not None:
            # Written whole, then renamed: processes running side by side
            # (pytest-xdist workers) never read half a file.
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.partial")
            with open(partial, "wb") as f:
                np.savez(f, **network.state())
            os.replace(partial, path)
    return Trained(network, data)


@functools.cache
def _source_hash() -> str:
    sources = sorted(Path(__file__).parent.glob("*.py")) + [
        Path(__file__).parent.parent / "digits.py"
    ]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]
