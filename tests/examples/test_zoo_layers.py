"""The zoo's numpy layers: every hand-written backward pass against central
differences of its forward pass, and the window gather against its adjoint."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asic.examples.zoo import MODELS, build
from asic.examples.zoo.layers import (
    ACTIVATIONS,
    Activation,
    BatchNorm,
    Branches,
    Conv,
    Dense,
    Flatten,
    GlobalAveragePool,
    Pool,
    Residual,
    Sequential,
    unwindow,
    windows,
)

RNG = np.random.default_rng(1)

LAYERS = {
    "conv": (lambda: Conv("c", 4, 6, (3, 2), RNG, stride=(2, 1), pads=(1, 0, 2, 1), groups=2), (2, 4, 5, 5)),
    "depthwise": (lambda: Conv("d", 3, 3, (3, 3), RNG, pads=(1, 1, 1, 1), groups=3), (2, 3, 4, 4)),
    "conv1d": (lambda: Conv("s", 2, 3, (1, 3), RNG, pads=(0, 1, 0, 1)), (2, 2, 1, 6)),
    "batchnorm": (lambda: BatchNorm("b", 3), (4, 3, 2, 2)),
    "maxpool": (lambda: Pool("max", (3, 3), (2, 2), (1, 1, 1, 1)), (2, 2, 5, 5)),
    "avgpool": (lambda: Pool("average", (2, 2), (2, 2)), (2, 2, 4, 4)),
    "global": (lambda: GlobalAveragePool(), (2, 3, 3, 3)),
    "flatten-dense": (lambda: Sequential(Flatten(), Dense("f", 12, 5, RNG)), (2, 3, 2, 2)),
    "residual": (lambda: Residual(Conv("r", 2, 2, (3, 3), RNG, pads=(1, 1, 1, 1)), Activation("tanh")),
                 (2, 2, 3, 3)),
    "branches": (lambda: Branches(Conv("x", 2, 3, (1, 1), RNG), Pool("max", (3, 3), (1, 1), (1, 1, 1, 1))),
                 (2, 2, 3, 3)),
    **{kind: (lambda kind=kind: Activation(kind), (2, 3, 2, 2)) for kind in ACTIVATIONS},
}  # fmt: skip


def _loss(layer, x, weights):
    return float((layer.forward(x, train=True) * weights).sum())


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_backward_matches_central_differences(name):
    make, shape = LAYERS[name]
    layer = make()
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape) * 2  # activations see both sides of their kinks and of ReLU6's 6
    if name == "relu6":
        x *= 4
    weights = rng.standard_normal(layer.forward(x, train=True).shape)
    layer.forward(x, train=True)
    gx = layer.backward(weights)
    grads = {n: g for inner in layer.layers() for n, g in inner.grads.items()}
    params = {n: p for inner in layer.layers() for n, p in inner.params.items()}
    eps = 1e-6

    def numeric(array):
        out = np.zeros_like(array)
        for i in np.ndindex(array.shape):
            keep = array[i]
            array[i] = keep + eps
            up = _loss(layer, x, weights)
            array[i] = keep - eps
            down = _loss(layer, x, weights)
            array[i] = keep
            out[i] = (up - down) / (2 * eps)
        return out

    np.testing.assert_allclose(gx, numeric(x), rtol=1e-5, atol=1e-6)
    assert set(grads) == set(params)
    for n, p in params.items():
        np.testing.assert_allclose(grads[n], numeric(p), rtol=1e-5, atol=1e-6, err_msg=n)


@settings(max_examples=40)
@given(
    st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3),
    st.lists(st.integers(0, 2), min_size=4, max_size=4), st.integers(0, 2**16),
)  # fmt: skip
def test_unwindow_is_the_adjoint_of_windows(kh, kw, sh, sw, pads, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 2, 5, 6))
    win = windows(x, (kh, kw), (sh, sw), tuple(pads))
    g = rng.standard_normal(win.shape)
    assert np.isclose((win * g).sum(), (x * unwindow(g, x.shape, (sh, sw), tuple(pads))).sum())


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="unknown zoo model 'vgg'; expected one of lenet"):
        build("vgg")
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        Activation("gelu")
    assert len(MODELS) == 7
